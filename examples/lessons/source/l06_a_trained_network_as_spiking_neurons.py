"""Lesson 6: a trained network run as spiking neurons (rate-coded conversion)."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 6 — A trained network as spiking neurons

*neurosim lessons · [中文版](../zh/06_a_trained_network_as_spiking_neurons.ipynb)*
""", r"""
# 第 6 课 把训练好的网络变成脉冲神经元

*neurosim 课程 · [English version](../en/06_a_trained_network_as_spiking_neurons.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Train an artificial network whose hidden units use a LIF neuron's rate curve as their
   activation function ("soft LIF").
2. Replace every hidden unit by a spiking LIF neuron in Brian2 (weights become synapses, biases
   become constant currents) and check that the spiking network computes the same XOR.
3. Measure the price of spikes: how long an input must be presented for the spike counts to
   match the activations.
""", r"""
1. 训练一个人工神经网络，其隐藏单元以 LIF 神经元的放电频率曲线作为激活函数（"soft LIF"）。
2. 在 Brian2 中把每个隐藏单元换成一个脉冲 LIF 神经元（权重变为突触，偏置变为恒定电流），
   检验脉冲神经网络是否计算出同样的异或。
3. 衡量脉冲的代价：输入需要呈现多长时间，脉冲计数才能与激活值一致。
"""),
    heading("theory"),
    md(r"""
Write the input current of a LIF neuron as a dimensionless drive $z$ measured from the rheobase,
$I = I_{rh} + z\,I_{unit}$ with $I_{unit} = (V_{th} - V_{reset})/R_m$. The closed-form rate of
Lesson 2 becomes

$$r(z) = \frac{1}{t_{ref} + \tau_m \ln(1 + 1/z)} \quad (z > 0), \qquad 0 \text{ otherwise}.$$

Its slope is infinite at $z = 0$, which gradient descent cannot use, so $z$ is smoothed by a
softplus $\rho(z) = \gamma \ln(1 + e^{z/\gamma})$: the activation is $f(z) = r(\rho(z))/r_{max}$ with
$r_{max} = 1/t_{ref}$ (Hunsberger & Eliasmith 2015). After training, unit $k$ of a hidden layer is a
LIF neuron whose input current is $I_{rh} + (\sum_j w_{jk} x_j + b_k)\,I_{unit}$; its spike count over
a presentation of length $T$, divided by $T\,r_{max}$, estimates the activation to within
$1/(T\,r_{max})$. The output is read from the spikes of the last hidden layer.

References: E. Hunsberger, C. Eliasmith, arXiv:1510.08829 (2015); P. U. Diehl et al., IJCNN 2015;
B. Rueckauer et al., Front. Neurosci. 11, 682 (2017); Gerstner et al., *Neuronal Dynamics*
(2014), §1.3.2. Details and measurements: `docs/convert.md`.
""", r"""
把 LIF 神经元的输入电流写成从基强度电流算起的无量纲驱动量 $z$：$I = I_{rh} + z\,I_{unit}$，
其中 $I_{unit} = (V_{th} - V_{reset})/R_m$。第 2 课的闭式放电频率变为

$$r(z) = \frac{1}{t_{ref} + \tau_m \ln(1 + 1/z)} \quad (z > 0)，\qquad 否则为 0。$$

它在 $z = 0$ 处斜率无穷大，梯度下降无法利用，因此用 Softplus 函数
$\rho(z) = \gamma \ln(1 + e^{z/\gamma})$ 对 $z$ 进行平滑：激活函数为 $f(z) = r(\rho(z))/r_{max}$，
其中 $r_{max} = 1/t_{ref}$（Hunsberger & Eliasmith 2015）。训练完成后，隐藏层的第 $k$ 个单元就是
一个 LIF 神经元，其输入电流为 $I_{rh} + (\sum_j w_{jk} x_j + b_k)\,I_{unit}$；它在长度为 $T$ 的
呈现时间内的脉冲计数除以 $T\,r_{max}$，就是对激活值的估计，误差在 $1/(T\,r_{max})$ 以内。
输出由最后一个隐藏层的脉冲读出。

参考文献：E. Hunsberger, C. Eliasmith, arXiv:1510.08829（2015）；P. U. Diehl 等, IJCNN 2015；
B. Rueckauer 等, Front. Neurosci. 11, 682（2017）；Gerstner 等,《Neuronal Dynamics》（2014），
第 1.3.2 节。详细说明与测量结果见 `docs/convert.md`。
"""),
    md(r"""
## 1. The neuron's rate curve as an activation function
`soft_lif(params)` is an ordinary `neurosim.ann` activation (value and derivative) built from the
neuron's parameters.
""", r"""
## 1. 把神经元的放电频率曲线当作激活函数
`soft_lif(params)` 是一个普通的 `neurosim.ann` 激活函数（函数值及其导数），由神经元的参数构造。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import ms

from neurosim.ann import MLP, datasets
from neurosim.bio import load_preset
from neurosim.bridge import convert, run_spiking, soft_lif
from neurosim.demo.i18n import use_in_notebook
from neurosim.plotting.convert import plot_activation_vs_rate, plot_raster

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

params = load_preset("neuronal_dynamics")
activation = soft_lif(params)
z = np.linspace(-1, 3, 300)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(z, activation(z), label="soft LIF: rate / r_max")
ax.plot(z, activation.df(z) / 10, "--", label="derivative / 10")
ax.set(xlabel="drive z (from the rheobase)", ylabel="activation")
ax.legend()
plt.show()
"""),
    md(r"""
## 2. Train on XOR, then convert
A 2-4-1 network with soft-LIF hidden units and a sigmoid output, trained with cross-entropy
(Lesson 5), then converted: each of the four XOR inputs drives its own copy of the spiking network,
all in one Brian2 run.
""", r"""
## 2. 在异或问题上训练，然后转换
一个 2-4-1 网络，隐藏单元为 soft LIF，输出为 Sigmoid，用交叉熵训练（第 5 课），然后转换：
异或的四个输入各自驱动一份脉冲神经网络的副本，全部在一次 Brian2 运行中完成。
"""),
    code(r"""
X, y = datasets.xor()
mlp = MLP([2, 4, 1], activation=activation, loss="bce", learning_rate=2.0, epochs=2000,
          seed=0).fit(X, y)
snn = convert(mlp)
result = run_spiking(snn, X, y, presentation=200 * ms, record=[0, 1, 2, 3])

print("x1 x2 | target | ANN output | spiking output")
for (x1, x2), target, ann, spiking in zip(X, y, result.ann_output[:, 0], result.snn_output[:, 0]):
    print(f" {x1:g}  {x2:g} |   {target:g}    |   {ann:.3f}    |   {spiking:.3f}")
print(f"spiking accuracy {result.snn_accuracy:.0%}, agreement with the ANN {result.agreement:.0%}, "
      f"correlation of activation and rate {result.correlation[0]:.4f}")
"""),
    md(r"""
## 3. What the spiking network does
Left: each hidden unit's activation in the ANN against its measured rate in the spiking network.
Right: the spikes of the four hidden neurons for each input.
""", r"""
## 3. 脉冲神经网络在做什么
左图：每个隐藏单元在人工神经网络中的激活值与它在脉冲神经网络中测得的放电频率。
右图：每个输入下四个隐藏神经元的脉冲发放。
"""),
    code(r"""
fig = plt.figure(figsize=(15, 4), layout="constrained")
left, *rasters = fig.subplots(1, 5, width_ratios=[1.6, 1, 1, 1, 1])
plot_activation_vs_rate(result, left)
for ax, raster in zip(rasters, result.rasters):
    x1, x2 = X[raster.pattern]
    plot_raster(raster, ax, presentation=result.presentation, title=f"input ({x1:g}, {x2:g})")
plt.show()
"""),
    heading("exercise", 2),
    exercise(1, r"""
The same run can be read at earlier times (`checkpoints=[10 * ms, 20 * ms, 50 * ms, 100 * ms]`).
How does the difference between the spiking rates and the ANN's hidden activations shrink
with the presentation time $T$? Does the spiking network ever disagree with the ANN on XOR? Relate the answer to the
resolution $1/(T\,r_{max})$.
""", r"""
同一次运行可以在更早的时刻读出（`checkpoints=[10 * ms, 20 * ms, 50 * ms, 100 * ms]`）。呈现时间
$T$ 增加时，脉冲神经网络的放电频率与人工神经网络隐藏层激活值之差如何缩小？在异或问题上二者是否出现过不一致？
用分辨率 $1/(T\,r_{max})$ 解释结果。
""", solution=r"""
# Solution
timed = run_spiking(snn, X, y, presentation=200 * ms,
                    checkpoints=[5 * ms, 10 * ms, 20 * ms, 50 * ms, 100 * ms], record=None)
for reading in timed.checkpoints:
    resolution = float(params.t_ref / reading.presentation)  # 1 / (T r_max)
    error = np.max(np.abs(reading.snn_activations[0] - reading.ann_activations[0]))
    print(f"T = {reading.presentation / ms:5.0f} ms: agreement {reading.agreement:.0%}, "
          f"max |rate - activation| {error:.3f}, resolution {resolution:.3f}")
""", answer_en=r"""
A count over $T$ can only express activations in steps of $1/(T\,r_{max})$ ($r_{max} = 500$ Hz here):
0.4 at 5 ms, 0.01 at 200 ms. The difference between rates and activations falls with $T$ (about
0.2 at 5 ms) and levels off near 0.02, where the soft-LIF smoothing and the time grid take over
(`docs/convert.md`). XOR's four answers lie far from the decision threshold, so even the coarse
early readout agrees with the ANN here; on data with points near the boundary (the two moons of
`docs/convert.md`: 94.5 % agreement at 5 ms) short presentations do flip decisions. Spikes trade time for precision.
""", answer_zh=r"""
在时间 $T$ 内计数，只能以 $1/(T\,r_{max})$ 为步长表示激活值（这里 $r_{max} = 500$ Hz）：5 ms 时为 0.4，200 ms 时为 0.01。放电频率与激活值之差随 $T$ 减小（5 ms 时约 0.2），在约 0.02
处趋于平稳，此时 soft LIF 的平滑和时间网格成为主要误差（`docs/convert.md`）。异或的四个答案都
远离判决阈值，因此即使早期的粗糙读出也与人工神经网络一致；对于有点靠近决策边界的数据
（`docs/convert.md` 中的双月形数据：5 ms 时一致率为 94.5%），呈现时间短时判决确实会翻转。脉冲是用时间换精度。
"""),
    exercise(2, r"""
Train the same network with a plain sigmoid hidden layer (`activation="sigmoid"`) and compare its
hidden activations with `soft_lif`'s on the four inputs. Why can the sigmoid network not be
converted this way?
""", r"""
用普通的 Sigmoid 隐藏层（`activation="sigmoid"`）训练同样的网络，在四个输入上比较它与
`soft_lif` 网络的隐藏层激活值。为什么 Sigmoid 网络不能这样转换？
""", solution=r"""
# Solution
sigmoid_mlp = MLP([2, 4, 1], activation="sigmoid", loss="bce", learning_rate=2.0, epochs=2000,
                  seed=0).fit(X, y)
print("sigmoid hidden activations:\n", np.round(sigmoid_mlp.layer_outputs(X)[0], 3))
print("soft LIF hidden activations:\n", np.round(mlp.layer_outputs(X)[0], 3))
""", answer_en=r"""
A sigmoid unit outputs 0.5 at zero input and never exactly 0: there is no neuron whose rate
curve it is, so there is no current that makes a LIF neuron reproduce it. The soft-LIF unit *is*
the LIF neuron's rate (zero below the rheobase, then the LIF curve), so each activation has a
current, and each weight a synapse.
""", answer_zh=r"""
Sigmoid 单元在输入为零时输出 0.5，而且永远不会恰好为 0：没有哪个神经元的放电频率曲线是它，
因此找不到能让 LIF 神经元重现它的电流。soft LIF 单元*就是* LIF 神经元的放电频率（低于基强度
电流时为零，之后为 LIF 曲线），所以每个激活值都对应一个电流，每个权重都对应一个突触。
"""),
    heading("summary"),
    md(r"""
* If an artificial unit's activation function *is* a neuron's f-I curve, a trained network can
  be run as spiking neurons: weights become synapses, biases become currents, activations become
  rates.
* The spiking network reproduces the ANN's XOR, and its rates track the activations closely.
* The price is time: a rate read from spike counts over $T$ has a resolution $1/(T\,r_{max})$.
* Next: [Lesson 7](07_networks_and_mean_field.ipynb) connects many spiking neurons and predicts
  their rates with mean-field theory.
""", r"""
* 如果人工单元的激活函数*就是*神经元的 f-I 曲线，训练好的网络就能用脉冲神经元运行：权重变为
  突触，偏置变为电流，激活值变为放电频率。
* 脉冲神经网络重现了人工神经网络的异或结果，其放电频率与激活值高度一致。
* 代价是时间：在 $T$ 内由脉冲计数得到的放电频率，分辨率为 $1/(T\,r_{max})$。
* 下一课：[第 7 课](07_networks_and_mean_field.ipynb)把许多脉冲神经元连接起来，并用平均场理论
  预测它们的放电频率。
"""),
]
