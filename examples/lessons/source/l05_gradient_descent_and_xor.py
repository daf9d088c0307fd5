"""Lesson 5: gradient descent and XOR (the article's experiment, done right)."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 5 — Gradient descent and XOR

*neurosim lessons · [中文版](../zh/05_gradient_descent_and_xor.ipynb)*
""", r"""
# 第 5 课 梯度下降与异或（XOR）问题

*neurosim 课程 · [English version](../en/05_gradient_descent_and_xor.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Train a small network (2-4-1, sigmoid units, MSE loss) on XOR by gradient descent with
   back-propagation.
2. Check back-propagated gradients against finite differences — the test every hand-written
   gradient must pass.
3. Reproduce the source article's experiment (learning rate 0.01, 1000 epochs), see that it does
   not learn XOR, and find out what it takes to make it converge.
""", r"""
1. 用梯度下降和反向传播在异或（XOR）问题上训练一个小网络（2-4-1，Sigmoid 单元，均方误差损失）。
2. 用有限差分检验反向传播得到的梯度——任何手写梯度都必须通过的检验。
3. 重现原始文章的实验（学习率 0.01，训练 1000 轮），看到它学不会异或，并找出使其收敛的条件。
"""),
    heading("theory"),
    md(r"""
A layer computes $a_{l+1} = f(a_l W_l + b_l)$ with weights $W_l$, biases $b_l$ and activation
function $f$ (here the sigmoid $f(z) = 1/(1 + e^{-z})$, $f' = f(1 - f)$). Training minimises the
mean squared error loss function over the $n$ samples,

$$L(\theta) = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2 ,$$

by **gradient descent**: $\theta \leftarrow \theta - \alpha\,\nabla_\theta L$, with learning rate
$\alpha$. Back-propagation computes $\nabla_\theta L$ by the chain rule from the output backwards:
with $\delta_l = \partial L/\partial z_l$, $\partial L/\partial W_l = a_l^\top \delta_l$ and
$\delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1})$. XOR ($y = 1$ when exactly one input is 1)
is not linearly separable, so it needs the hidden layer.

The article (Li Jing 2021, §4) trains this network with $\alpha = 0.01$ for 1000 epochs; its
listing does not run (see `docs/ann.md`), and even a correct implementation with those settings
stays on a plateau where every output is near 0.5.

References: D. E. Rumelhart, G. E. Hinton, R. J. Williams, Nature 323, 533 (1986);
I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning* (MIT Press, 2016), §4.3 and §6.5;
J. Nocedal, S. Wright, *Numerical Optimization* (2006), §8.1 (finite differences).
""", r"""
一层网络计算 $a_{l+1} = f(a_l W_l + b_l)$，其中 $W_l$ 为权重，$b_l$ 为偏置，$f$ 为激活函数
（这里是 Sigmoid 函数 $f(z) = 1/(1 + e^{-z})$，$f' = f(1 - f)$）。训练就是对 $n$ 个样本最小化
均方误差损失函数

$$L(\theta) = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat y_i)^2 ,$$

方法是**梯度下降**：$\theta \leftarrow \theta - \alpha\,\nabla_\theta L$，$\alpha$ 为学习率。
反向传播用链式法则从输出层往回计算 $\nabla_\theta L$：令 $\delta_l = \partial L/\partial z_l$，
则 $\partial L/\partial W_l = a_l^\top \delta_l$，$\delta_{l-1} = (\delta_l W_l^\top) \odot f'(z_{l-1})$。
异或（两个输入中恰有一个为 1 时 $y = 1$）不是线性可分的，所以需要隐藏层。

原始文章（李净 2021，第 4 节）用 $\alpha = 0.01$ 训练这个网络 1000 轮；它的代码无法运行（见
`docs/ann.md`），而即使正确实现，这组设置也会停在所有输出都接近 0.5 的平台上。

参考文献：D. E. Rumelhart, G. E. Hinton, R. J. Williams, Nature 323, 533（1986）；
I. Goodfellow, Y. Bengio, A. Courville,《深度学习》（MIT Press, 2016），第 4.3 节和第 6.5 节；
J. Nocedal, S. Wright,《Numerical Optimization》（2006），第 8.1 节（有限差分）。
"""),
    md(r"""
## 1. The data and an untrained network
`MLP` follows scikit-learn's conventions: hyperparameters in the constructor, `fit` returns the
model, learned attributes end in `_` (`weights_`, `biases_`, `loss_curve_`).
""", r"""
## 1. 数据与未经训练的网络
`MLP` 遵循 scikit-learn 的约定：超参数在构造函数中给出，`fit` 返回模型本身，学到的属性以 `_`
结尾（`weights_`、`biases_`、`loss_curve_`）。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np

from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS, datasets
from neurosim.demo.i18n import use_in_notebook
from neurosim.plotting.ann import plot_decision_boundary, plot_loss_curve

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

X, y = datasets.xor()
print("inputs:", X.tolist(), " targets:", y.tolist())
print("the article's settings:", dict(ARTICLE_XOR_SETTINGS))

untrained = MLP(**ARTICLE_XOR_SETTINGS, seed=0).initialize()  # weights drawn, not trained
print("outputs before training:", np.round(untrained.forward(X)[:, 0], 3))
print("loss before training:", round(untrained.compute_loss(X, y), 4))
"""),
    md(r"""
## 2. Are the gradients right? Finite differences
Nudge one weight by $\pm h$ and measure the change of the loss:
$\partial L/\partial w \approx [L(w + h) - L(w - h)]/2h$, with error $O(h^2)$. Back-propagation must
agree to many digits.
""", r"""
## 2. 梯度对吗？用有限差分检验
把一个权重改变 $\pm h$，测量损失的变化：$\partial L/\partial w \approx [L(w + h) - L(w - h)]/2h$，
误差为 $O(h^2)$。反向传播的结果必须与之在多位有效数字上一致。
"""),
    code(r"""
def finite_difference(model, layer, i, j, h=1e-5):
    w = model.weights_[layer]
    original = w[i, j]
    w[i, j] = original + h
    up = model.compute_loss(X, y)
    w[i, j] = original - h
    down = model.compute_loss(X, y)
    w[i, j] = original
    return (up - down) / (2 * h)

dW, db = untrained.gradients(X, y)
for layer, i, j in [(0, 0, 0), (0, 1, 3), (1, 2, 0)]:
    numeric = finite_difference(untrained, layer, i, j)
    print(f"W{layer}[{i},{j}]: back-propagation {dW[layer][i, j]:+.8f}, "
          f"finite difference {numeric:+.8f}")
"""),
    md(r"""
## 3. The article's settings against working ones
Same architecture, same initial weights (`seed=0`); only the learning rate and the number of
epochs differ.
""", r"""
## 3. 文章的设置与可行的设置
相同的结构、相同的初始权重（`seed=0`），只有学习率和训练轮数不同。
"""),
    code(r"""
runs = {
    "article: lr 0.01, 1000 epochs": MLP(**ARTICLE_XOR_SETTINGS, seed=0).fit(X, y),
    "working: lr 0.5, 10^4 epochs": MLP(**WORKING_XOR_SETTINGS, seed=0).fit(X, y),
}
fig, axes = plt.subplots(1, 3, figsize=(15, 4), layout="constrained")
for (label, model), color in zip(runs.items(), ["C3", "C0"]):
    plot_loss_curve(model, axes[0], label=label, color=color)
    print(f"{label}: final loss {model.loss_:.4f}, outputs {np.round(model.forward(X)[:, 0], 3)}")
axes[0].legend()
for ax, (label, model) in zip(axes[1:], runs.items()):
    # One colour scale, 0 to 1, for both maps: an undecided network (outputs near 0.5) must
    # look pale, not as decisive as one answering 0 and 1. One colour bar, on the right.
    plot_decision_boundary(model, X, y, ax, value_range=(0.0, 1.0), colorbar=ax is axes[-1])
    ax.set_title(label)
plt.show()
"""),
    md(r"""
With the article's settings the loss barely leaves 0.25 and every output stays near 0.5. The
initial weights are not small (Glorot: uniform in about $[-1, 1]$; the largest is 0.85-1.09 over
seeds 0-19). The trouble is XOR itself: its targets are uncorrelated with $x_1$, $x_2$ and every
weighted sum of them over the four inputs, so while the hidden units respond almost linearly the
only thing the gradient can improve is a constant answer, 0.5 everywhere, with loss exactly 0.25.
There the gradient is about ten times smaller than at the start (median norm 0.065 at epoch 0,
0.0074 after the article's 1000 epochs, seeds 0-19): a plateau, which only the sigmoid's curvature
leads out of. On it, what matters is the product learning rate × epochs (the "training time"):
the network leaves the plateau at a training time of about 300-1000, and the article's
$0.01 \times 1000 = 10$ is 30 to 100 times too short (docs/ann.md measures 20 seeds).
""", r"""
采用文章的设置时，损失几乎停在 0.25，所有输出都接近 0.5。初始权重并不小（Glorot 初始化：大约在
$[-1, 1]$ 内均匀分布；随机种子 0-19 中最大的权重为 0.85-1.09）。问题在于异或本身：在四个输入上，
它的目标值与 $x_1$、$x_2$ 以及它们的任何加权和都不相关，所以只要隐藏单元的响应近乎线性，梯度
唯一能改进的就是一个常数答案：处处输出 0.5，损失恰为 0.25。在那里梯度比开始时小约十倍（随机种子
0-19 的梯度范数中位数：第 0 轮 0.065，文章的 1000 轮之后 0.0074）：这是一个平台，只有 Sigmoid 的
弯曲才能把网络引出去。在平台上起作用的是学习率 × 训练轮数（"训练时间"）：训练时间约 300-1000 时
网络离开平台，文章的 $0.01 \times 1000 = 10$ 短了 30 到 100 倍（docs/ann.md 中对 20 个随机种子
做了测量）。
"""),
    heading("exercise", 2),
    exercise(1, r"""
Keep 2000 epochs and try learning rates 0.05, 0.2, 0.5, 1 and 2. Which ones solve XOR (all four
outputs on the right side of 0.5, `model.score(X, y) == 1`)? Relate the answer to the product
learning rate × epochs.
""", r"""
保持 2000 轮训练，尝试学习率 0.05、0.2、0.5、1 和 2。哪些能解决异或问题（四个输出都在 0.5 的
正确一侧，即 `model.score(X, y) == 1`）？用"学习率 × 训练轮数"来解释结果。
""", solution=r"""
# Solution
for lr in (0.05, 0.2, 0.5, 1.0, 2.0):
    model = MLP(**{**ARTICLE_XOR_SETTINGS, "learning_rate": lr, "epochs": 2000}, seed=0).fit(X, y)
    print(f"lr {lr:4}: lr x epochs = {lr * 2000:6.0f}, loss {model.loss_:.4f}, "
          f"accuracy {model.score(X, y):.0%}")
""", answer_en=r"""
Small learning rates leave the network on the plateau; once learning rate × epochs reaches several
hundred to a thousand (docs/ann.md: about 500 for half of the seeds, 1000 for all), the hidden units
break their symmetry and the loss drops quickly. Very large rates can overshoot, but for this tiny
problem 2 still works.
""", answer_zh=r"""
学习率小时网络停在平台上；当"学习率 × 训练轮数"达到几百到一千（docs/ann.md：约 500 时一半的
随机种子成功，1000 时全部成功），隐藏单元打破对称性，损失迅速下降。学习率过大可能越过最优点，
但对这个很小的问题，学习率 2 仍然可行。
"""),
    exercise(2, r"""
Replace the MSE loss by binary cross-entropy,
$L = -\frac{1}{n}\sum [y \log \hat y + (1 - y)\log(1 - \hat y)]$ (`loss="bce"`), at learning rate 0.5
for 1000 epochs. Compare with MSE at the same settings. Why does cross-entropy help a sigmoid
output?
""", r"""
把均方误差损失换成二元交叉熵 $L = -\frac{1}{n}\sum [y \log \hat y + (1 - y)\log(1 - \hat y)]$
（`loss="bce"`），学习率 0.5，训练 1000 轮。与相同设置下的均方误差比较。为什么交叉熵对
Sigmoid 输出有帮助？
""", solution=r"""
# Solution
for loss in ("mse", "bce"):
    model = MLP(**{**ARTICLE_XOR_SETTINGS, "loss": loss, "learning_rate": 0.5, "epochs": 1000},
                seed=0).fit(X, y)
    print(f"{loss}: accuracy {model.score(X, y):.0%}, outputs {np.round(model.forward(X)[:, 0], 3)}")
""", answer_en=r"""
With MSE the output gradient carries the factor $f'(z) = \hat y(1 - \hat y)$, which is small
whenever the sigmoid saturates. With cross-entropy that factor cancels: $\partial L/\partial z =
(\hat y - y)/n$. The error signal stays large while the output is wrong, so learning is faster:
with seed 0 both losses get the four signs right, but the cross-entropy outputs are much closer to
0 and 1 (docs/ann.md: cross-entropy solves 20 of 20 seeds in 1000 epochs).
""", answer_zh=r"""
使用均方误差时，输出层的梯度含有因子 $f'(z) = \hat y(1 - \hat y)$，Sigmoid 饱和时它很小。
使用交叉熵时这个因子被消去：$\partial L/\partial z = (\hat y - y)/n$。只要输出是错的，误差信号
就保持较大，因此学得更快：对随机种子 0，两种损失都使四个输出落在正确一侧，但交叉熵的输出更接近
0 和 1（docs/ann.md：使用交叉熵时，1000 轮内 20 个随机种子全部成功）。
"""),
    exercise(3, r"""
Remove the hidden layer (`layers=(2, 1)`) and train with the working settings. Can a single
sigmoid neuron learn XOR? Draw its decision boundary.
""", r"""
去掉隐藏层（`layers=(2, 1)`），用可行的设置训练。单个 Sigmoid 神经元能学会异或吗？画出它的
决策边界。
""", solution=r"""
# Solution
single = MLP(**{**WORKING_XOR_SETTINGS, "layers": (2, 1)}, seed=0).fit(X, y)
print(f"single neuron: loss {single.loss_:.4f}, accuracy {single.score(X, y):.0%}")
fig, ax = plt.subplots(figsize=(4.5, 4))
plot_decision_boundary(single, X, y, ax, value_range=(0.0, 1.0))
plt.show()
""", answer_en=r"""
No. A single neuron's decision boundary $w \cdot x + b = 0$ is a straight line, and no line
separates $\{(0,1), (1,0)\}$ from $\{(0,0), (1,1)\}$ (Minsky & Papert 1969). At best it gets three
of the four points right, and gradient descent does not even find that: trained on the MSE it
settles on the best constant answer (seed 0: all four outputs 0.500, loss 0.2500), and the
0.5 threshold then splits them arbitrarily (accuracy 25%: one of four). The hidden layer is what bends the
boundary.
""", answer_zh=r"""
不能。单个神经元的决策边界 $w \cdot x + b = 0$ 是一条直线，而没有任何直线能把 $\{(0,1), (1,0)\}$
与 $\{(0,0), (1,1)\}$ 分开（Minsky & Papert 1969）。它最多答对四个点中的三个，而梯度下降连这一点也找不到：用均方误差训练时，它停在最好的常数答案上
（随机种子 0：四个输出都是 0.500，损失 0.2500），再用 0.5 作阈值分类就成了随意的划分（准确率 25%：四个中对一个）。
正是隐藏层使决策边界弯曲。
"""),
    heading("summary"),
    md(r"""
* Gradient descent moves every weight against the gradient of the loss; back-propagation computes
  that gradient, and finite differences check it.
* The article's XOR experiment (2-4-1, sigmoid, MSE, learning rate 0.01, 1000 epochs) does not
  learn XOR even when implemented correctly: it stops on the plateau at loss 0.25.
* Learning rate 0.5 for $10^4$ epochs (or anything with learning rate × epochs of about 1000), or
  the cross-entropy loss, solves it.
* Next: [Lesson 6](06_a_trained_network_as_spiking_neurons.ipynb) runs a trained network as
  spiking neurons.
""", r"""
* 梯度下降使每个权重沿损失梯度的反方向移动；反向传播计算这个梯度，有限差分检验它。
* 文章的异或实验（2-4-1，Sigmoid，均方误差，学习率 0.01，1000 轮）即使正确实现也学不会异或：
  它停在损失为 0.25 的平台上。
* 学习率 0.5、训练 $10^4$ 轮（或任何"学习率 × 训练轮数"约为 1000 的设置），或改用交叉熵
  损失，都能解决这个问题。
* 下一课：[第 6 课](06_a_trained_network_as_spiking_neurons.ipynb)用脉冲神经元运行训练好的网络。
"""),
]
