"""Lesson 2: the f-I curve is an activation function."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 2 — The f-I curve is an activation function

*neurosim lessons · [中文版](../zh/02_fi_curve_is_an_activation.ipynb)*
""", r"""
# 第 2 课 f-I 曲线就是激活函数

*neurosim 课程 · [English version](../en/02_fi_curve_is_an_activation.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Measure a neuron's **f-I curve** (firing rate against input current) in one vectorised
   simulation and check it against the exact formula.
2. Read its three features: the rheobase (a threshold), the steep onset, the ceiling $1/t_{ref}$.
3. Fit the activation functions of artificial networks (linear, exponential, sigmoid, ReLU,
   softplus) to it and judge which one describes a spiking neuron, and where each fails.
""", r"""
1. 用一次向量化模拟测出神经元的 **f-I 曲线**（放电频率随输入电流的变化），并与精确公式比较。
2. 读出它的三个特征：基强度电流（阈值）、陡峭的起始段、上限 $1/t_{ref}$。
3. 用人工神经网络的激活函数（线性、指数、Sigmoid、ReLU、Softplus）拟合这条曲线，
   判断哪一个最能描述脉冲神经元，以及各自在哪里失效。
"""),
    heading("theory"),
    md(r"""
From Lesson 1, a LIF neuron under a constant current $I$ fires periodically with rate

$$r(I) = \begin{cases} 0, & I \le I_{rh} \\
\left[t_{ref} + \tau_m \ln\dfrac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}\right]^{-1}, & I > I_{rh}
\end{cases}$$

with $I_{rh} = (V_{th} - E_L)/R_m$. This input-output function plays the role of an artificial
neuron's **activation function** $y = f(w \cdot x + b)$: input current stands for the weighted
input $w \cdot x + b$, firing rate for the output $y$. The article this project starts from lists
linear $f(x) = ax + b$, exponential $e^{ax}$, sigmoid $1/(1 + e^{-ax})$ and ReLU $\max(0, x)$; we
fit each (with a gain, an offset and, for the sigmoid, a ceiling) and rank them by AICc (AIC
corrected for few points; a difference below 2 is a tie).

References: Gerstner et al., *Neuronal Dynamics* (2014), ch. 1.3 (the rate formula); Brian2
example `IF_curve_LIF`; Li Jing (2021), the source article (activation functions, its §3.3.1);
Akaike (1974) for AIC; Hurvich & Tsai (1989) for AICc.
""", r"""
由第 1 课，LIF 神经元在恒定电流 $I$ 下周期性放电，放电频率为

$$r(I) = \begin{cases} 0, & I \le I_{rh} \\
\left[t_{ref} + \tau_m \ln\dfrac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}\right]^{-1}, & I > I_{rh}
\end{cases}$$

其中 $I_{rh} = (V_{th} - E_L)/R_m$ 为基强度电流。这个输入-输出函数正对应人工神经元
$y = f(w \cdot x + b)$ 中的**激活函数**：输入电流相当于加权输入 $w \cdot x + b$，放电频率相当于
输出 $y$。本项目所依据的文章列出了线性函数 $f(x) = ax + b$、指数函数 $e^{ax}$、Sigmoid 函数
$1/(1 + e^{-ax})$ 和 ReLU 函数 $\max(0, x)$；我们对每一个进行拟合（带增益、偏移，Sigmoid 还带
上限），并按 AICc（针对少量数据点修正的赤池信息量准则；差值小于 2 即为不分胜负）排序。

参考文献：Gerstner 等，《Neuronal Dynamics》（2014），第 1.3 节（频率公式）；Brian2 示例
`IF_curve_LIF`；李净（2021），本项目的原始文章（激活函数，第 3.3.1 节）；Akaike（1974），AIC；Hurvich & Tsai（1989），AICc。
"""),
    md(r"""
## 1. A whole f-I curve in one run
`fi_curve` simulates one neuron per current in a single Brian2 `NeuronGroup` (40 neurons here) and
returns rates with units. `plot_fi_curve` draws the simulated points and the exact formula.
""", r"""
## 1. 一次运行得到整条 f-I 曲线
`fi_curve` 在一个 Brian2 `NeuronGroup` 中为每个电流模拟一个神经元（这里共 40 个），返回带单位的
放电频率。`plot_fi_curve` 画出模拟点和精确公式。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import Hz, ms, nA, second

from neurosim.ann import get_activation
from neurosim.bio import fi_curve, lif_rate, load_preset
from neurosim.bridge import fit_all, format_table
from neurosim.demo.i18n import say, use_in_notebook
from neurosim.plotting.bio import plot_fi_curve
from neurosim.plotting.bridge import plot_fits

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

params = load_preset("neuronal_dynamics")
currents = np.linspace(0, 2, 40) * params.rheobase
curve = fi_curve(params, currents, duration=0.5 * second)

fig, ax = plt.subplots(figsize=(7, 4))
plot_fi_curve(curve, ax, label="simulated")
ax.axvline(params.rheobase / nA, color="grey", ls=":", label="rheobase")
ax.axhline(1 / params.t_ref / Hz, color="grey", ls="--", label="1 / t_ref")
ax.set_ylim(0, 1.1 / params.t_ref / Hz)
ax.legend(loc="upper left")
plt.show()
error = np.max(np.abs(curve.rates - lif_rate(currents, params)))
print(f"largest |simulated - formula| = {error / Hz:.1f} Hz at dt = {curve.dt / ms:g} ms")
"""),
    md(r"""
The ceiling $1/t_{ref} = 500$ Hz is far away: in the range of physiological currents the curve is
a threshold followed by a steep, then gently bending rise. The small difference from the formula
comes from the time grid: a threshold crossing is only detected at a step of $dt$, an error that
grows like $r^2\,dt$ with the rate $r$ (halve `dt` to see it shrink).

## 2. Beside the artificial activations
The same shape family, drawn from `neurosim.ann`: ReLU has the threshold but no bend; the sigmoid
has a ceiling but no hard threshold.
""", r"""
上限 $1/t_{ref} = 500$ Hz 还很远：在生理范围的电流内，曲线是一个阈值，接着陡升，然后缓慢弯曲。
与公式的微小差别来自时间网格：越过阈值只能在 $dt$ 的整数倍时刻被检测到，这个误差随放电频率 $r$
按 $r^2\,dt$ 增长（把 `dt` 减半可以看到它变小）。

## 2. 与人工神经网络的激活函数并排比较
用 `neurosim.ann` 画出同类形状：ReLU 有阈值但不弯曲；Sigmoid 有上限但没有硬阈值。
"""),
    code(r"""
x = np.linspace(-3, 5, 200)
fig, axes = plt.subplots(1, 4, figsize=(13, 3))
for ax, name in zip(axes, ["linear", "exponential", "sigmoid", "relu"]):
    act = get_activation(name)
    ax.plot(x, act(x))
    ax.set_title(name)
    ax.set_xlabel("x")
axes[0].set_ylabel("f(x)")
plt.show()
"""),
    md(r"""
## 3. Fit the activations to the neuron
`fit_all` fits every family by least squares and ranks them by AICc; each result carries its
parameters with units, $R^2$, RMSE, and a biological reading of its parameters.
""", r"""
## 3. 用激活函数拟合神经元
`fit_all` 用最小二乘法拟合每一类函数并按 AICc 排序；每个结果包含带单位的参数、$R^2$、均方根误差
（RMSE），以及参数的生物学解读。
"""),
    code(r"""
results = fit_all(curve, families=["linear", "exponential", "sigmoid", "relu", "softplus"])
print(say(format_table(results)))
fig, ax = plt.subplots(figsize=(8, 4.5))
plot_fits(curve, results, ax)
plt.show()
for result in results:
    print(f"{result.family:>11}: {say(result.meaning)}")
"""),
    heading("exercise", 2),
    exercise(1, r"""
Use `lif_rate` to compute the rate at 10, 100 and 1000 times the rheobase. Which limit does it
approach, and why can a neuron never fire faster?
""", r"""
用 `lif_rate` 计算 10 倍、100 倍和 1000 倍基强度电流时的放电频率。它趋近什么极限？为什么
神经元不可能放电更快？
""", solution=r"""
# Solution
for k in (10, 100, 1000):
    print(f"{k:>5} x rheobase: {lif_rate(k * params.rheobase, params) / Hz:7.1f} Hz")
print(f"1 / t_ref = {1 / params.t_ref / Hz:.0f} Hz")
""", answer_en=r"""
The rate approaches $1/t_{ref} = 500$ Hz: with a huge current the charging time
$\tau_m \ln(\dots) \to 0$, but after every spike the neuron is still held for the refractory period.
This ceiling is what the sigmoid's $r_{max}$ tries to capture.
""", answer_zh=r"""
放电频率趋近 $1/t_{ref} = 500$ Hz：电流很大时充电时间 $\tau_m \ln(\dots) \to 0$，但每次发放后
神经元仍要度过不应期。这个上限正是 Sigmoid 的 $r_{max}$ 想要刻画的。
"""),
    exercise(2, r"""
Lengthen the refractory period to 5 ms (`params.replace(t_ref=5 * ms)`) and recompute the curve
with `lif_rate` (no simulation needed). Which part of the curve changes most: the onset or the
top? Does the rheobase move?
""", r"""
把不应期延长到 5 ms（`params.replace(t_ref=5 * ms)`），用 `lif_rate` 重新计算曲线（无需模拟）。
曲线哪一部分变化最大：起始段还是顶部？基强度电流会移动吗？
""", solution=r"""
# Solution
long_ref = params.replace(t_ref=5 * ms)
fig, ax = plt.subplots(figsize=(7, 4))
for p, label in [(params, "t_ref = 2 ms"), (long_ref, "t_ref = 5 ms")]:
    ax.plot(currents / nA, lif_rate(currents, p) / Hz, label=label)
ax.set(xlabel="current (nA)", ylabel="rate (Hz)")
ax.legend()
plt.show()
""", answer_en=r"""
The top: at high rates the interval $T$ is dominated by $t_{ref}$, so the curve bends over sooner
and lower. Near the onset $T$ is dominated by the long charging time, so $t_{ref}$ barely matters.
The rheobase $(V_{th} - E_L)/R_m$ does not depend on $t_{ref}$.
""", answer_zh=r"""
变化最大的是顶部：高频时峰间间隔 $T$ 主要由 $t_{ref}$ 决定，曲线更早、更低地弯曲。起始段的
$T$ 主要是漫长的充电时间，$t_{ref}$ 几乎没有影响。基强度电流 $(V_{th} - E_L)/R_m$ 与 $t_{ref}$
无关。
"""),
    exercise(3, r"""
The ReLU fit has a threshold parameter `I_0` (`result.values["I_0"]`). Compare it with the true
rheobase. Why does the fitted threshold come out lower?
""", r"""
ReLU 拟合有一个阈值参数 `I_0`（`result.values["I_0"]`）。把它与真实的基强度电流比较。为什么
拟合出的阈值偏低？
""", solution=r"""
# Solution
relu = next(r for r in results if r.family == "relu")
print(f"ReLU threshold I_0 = {relu.values['I_0'] / nA:.2f} nA, "
      f"true rheobase = {params.rheobase / nA:.2f} nA")
""", answer_en=r"""
Just above the rheobase the LIF rate shoots up steeply (the logarithm diverges), then bends. A
straight line through the upper part of the curve meets zero before the true rheobase, so the
ReLU's threshold is an underestimate: ReLU is a good summary of the neuron, not its exact law.
""", answer_zh=r"""
在基强度电流稍上方，LIF 的放电频率急剧上升（对数项发散），之后再弯曲。穿过曲线上部的直线在
真实基强度电流之前就与零相交，因此 ReLU 的阈值被低估了：ReLU 是对神经元的良好概括，而不是
它的精确规律。
"""),
    heading("summary"),
    md(r"""
* A spiking neuron's f-I curve is its activation function: zero below a threshold (the rheobase),
  a steep onset, and a ceiling at $1/t_{ref}$.
* Without noise, ReLU and the sigmoid both describe it fairly well ($R^2 \approx 0.98$) over
  physiological currents, but neither has the steep logarithmic onset; linear and exponential
  miss the threshold altogether.
* Every fitted parameter has a biological reading (threshold ↔ rheobase, ceiling ↔ $1/t_{ref}$),
  and its error can be stated.
* Next: [Lesson 3](03_noise_and_the_siegert_rate.ipynb) adds noise, which rounds the threshold.
""", r"""
* 脉冲神经元的 f-I 曲线就是它的激活函数：低于阈值（基强度电流）时为零，起始段陡峭，上限为
  $1/t_{ref}$。
* 无噪声时，在生理电流范围内 ReLU 和 Sigmoid 都描述得不错（$R^2 \approx 0.98$），但都没有
  对数形式的陡峭起始段；线性和指数函数则完全抓不住阈值。
* 每个拟合参数都有生物学含义（阈值 ↔ 基强度电流，上限 ↔ $1/t_{ref}$），其误差也可以给出。
* 下一课：[第 3 课](03_noise_and_the_siegert_rate.ipynb)加入噪声，噪声会使阈值变得平滑。
"""),
]
