"""Lesson 1: the membrane and the spike (leaky integrate-and-fire)."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 1 — The membrane and the spike

*neurosim lessons · [中文版](../zh/01_membrane_and_spikes.ipynb)*
""", r"""
# 第 1 课 膜电位与动作电位

*neurosim 课程 · [English version](../en/01_membrane_and_spikes.ipynb)*
"""),
    heading("goals"),
    md(r"""
After this lesson you can

1. write down the leaky integrate-and-fire (LIF) equation and say what each parameter means;
2. simulate one LIF neuron with `neurosim` and read its membrane potential and spike times;
3. predict, with pencil and paper, how far the membrane charges below threshold and how often it
   fires above it — and check the prediction against the simulation.
""", r"""
学完本课，你能够

1. 写出泄漏积分-发放（LIF）神经元的方程，并说明每个参数的含义；
2. 用 `neurosim` 模拟一个 LIF 神经元，读出它的膜电位和动作电位（锋电位）的发放时刻；
3. 用纸笔预测：阈下时膜电位充电到多高，阈上时放电频率是多少——再用模拟检验预测。
"""),
    heading("theory"),
    md(r"""
A patch of membrane is a capacitor $C_m$ in parallel with a leak resistance $R_m$. With an input
current $I(t)$ the membrane potential $V$ obeys

$$\tau_m \frac{dV}{dt} = -(V - E_L) + R_m I(t), \qquad \tau_m = R_m C_m .$$

When $V$ reaches the threshold $V_{th}$ the neuron emits a spike, $V$ is reset to $V_{reset}$ and
held there for the refractory period $t_{ref}$. Two consequences follow directly:

* **Below threshold**, a current step $I$ switched on at $t_0$ charges the membrane exponentially:
  $V(t) = E_L + R_m I\,(1 - e^{-(t-t_0)/\tau_m})$. It never exceeds $E_L + R_m I$.
* So the neuron fires only if $E_L + R_m I > V_{th}$, i.e. above the **rheobase**
  $I_{rh} = (V_{th} - E_L)/R_m$. Above it, the time from reset to threshold gives the
  interspike interval
  $T = t_{ref} + \tau_m \ln\frac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}$.

Reference: W. Gerstner, W. M. Kistler, R. Naud, L. Paninski, *Neuronal Dynamics* (Cambridge
University Press, 2014), ch. 1.3; L. Lapicque (1907).
""", r"""
一小片细胞膜可以看作电容 $C_m$ 与漏电阻 $R_m$ 并联。输入电流为 $I(t)$ 时，膜电位 $V$ 满足

$$\tau_m \frac{dV}{dt} = -(V - E_L) + R_m I(t), \qquad \tau_m = R_m C_m ,$$

其中 $\tau_m$ 是膜时间常数，$E_L$ 是静息电位（漏电流反转电位）。当 $V$ 达到阈值 $V_{th}$ 时，
神经元发放一个动作电位，$V$ 被重置为 $V_{reset}$，并在不应期 $t_{ref}$ 内保持不变。由此直接得到：

* **阈下**：在 $t_0$ 时刻接通的阶跃电流 $I$ 使膜电位按指数规律充电：
  $V(t) = E_L + R_m I\,(1 - e^{-(t-t_0)/\tau_m})$，它永远不会超过 $E_L + R_m I$。
* 因此只有当 $E_L + R_m I > V_{th}$，即电流大于**基强度电流**（rheobase）
  $I_{rh} = (V_{th} - E_L)/R_m$ 时，神经元才会放电。阈上时，从重置到阈值所需的时间给出
  峰间间隔（ISI）：
  $T = t_{ref} + \tau_m \ln\frac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}$。

参考文献：W. Gerstner, W. M. Kistler, R. Naud, L. Paninski,《Neuronal Dynamics》
（剑桥大学出版社，2014），第 1.3 节；L. Lapicque（1907）。
"""),
    md(r"""
## 1. One neuron, its parameters
`load_preset` returns a frozen, validated parameter set with units (Brian2 quantities).
""", r"""
## 1. 一个神经元及其参数
`load_preset` 返回一组带单位（Brian2 物理量）、经过校验、不可修改的参数。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import ms, mV, nA

from neurosim.bio import Step, lif_rate, load_preset, simulate_lif
from neurosim.demo.i18n import use_in_notebook
from neurosim.plotting.bio import plot_current, plot_membrane

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

params = load_preset("neuronal_dynamics")
print(params.as_text())
print("rheobase I_rh =", params.rheobase)
"""),
    md(r"""
## 2. Below threshold: the membrane charges like a capacitor
A step of 1.5 nA (below the 2 nA rheobase) from 20 ms to 120 ms. The dashed line is the formula
$E_L + R_m I (1 - e^{-(t-t_0)/\tau_m})$.
""", r"""
## 2. 阈下：膜像电容一样充电
从 20 ms 到 120 ms 注入 1.5 nA 的阶跃电流（低于 2 nA 的基强度电流）。虚线是公式
$E_L + R_m I (1 - e^{-(t-t_0)/\tau_m})$。
"""),
    code(r"""
I_sub = 1.5 * nA
t0 = 20 * ms
below = simulate_lif(params, Step(I_sub, start=t0, stop=120 * ms), 150 * ms)

t = below.t
charging = params.E_L + params.R_m * I_sub * (1 - np.exp(-(t - t0) / params.tau_m))
on = (t >= t0) & (t < 120 * ms)

fig, (ax_i, ax_v) = plt.subplots(2, 1, sharex=True, figsize=(8, 5), height_ratios=[1, 2])
plot_current(below, ax_i)
plot_membrane(below, ax_v, label="simulated")
ax_v.plot(t[on] / ms, charging[on] / mV, "k--", label="formula")
ax_v.legend()
plt.show()
error = np.max(np.abs(below.v[on] - charging[on]))
print(f"spikes: {below.n_spikes}; largest difference from the formula: {error / mV:.2g} mV")
"""),
    md(r"""
## 3. Above threshold: charge, fire, reset, repeat
At 2.5 nA the steady state $E_L + R_m I = -45$ mV lies above $V_{th} = -50$ mV: the neuron fires
regularly. We compare the measured interspike interval with the formula for $T$ (via
`lif_rate`, which returns $1/T$).
""", r"""
## 3. 阈上：充电、发放、重置，循环往复
在 2.5 nA 时，稳态电位 $E_L + R_m I = -45$ mV 高于阈值 $V_{th} = -50$ mV，神经元规则地放电。
我们把测得的峰间间隔与公式 $T$ 比较（`lif_rate` 返回放电频率 $1/T$）。
"""),
    code(r"""
I_supra = 2.5 * nA
above = simulate_lif(params, Step(I_supra, start=20 * ms, stop=170 * ms), 200 * ms)

fig, (ax_i, ax_v) = plt.subplots(2, 1, sharex=True, figsize=(8, 5), height_ratios=[1, 2])
plot_current(above, ax_i)
plot_membrane(above, ax_v)
plt.show()

isi = np.diff(above.spike_times)
T_theory = 1 / lif_rate(I_supra, params)
print(f"{above.n_spikes} spikes; mean ISI {np.mean(isi) / ms:.2f} ms, "
      f"formula {T_theory / ms:.2f} ms")
"""),
    md(r"""
The simulated interval is slightly shorter than the formula: Brian2 stamps a spike at the start of
the time step ($dt = 0.1$ ms) in which $V$ crossed the threshold, so each interval can be off by up
to one $dt$.
""", r"""
模拟的峰间间隔比公式略短：Brian2 把动作电位记在膜电位越过阈值的那个时间步（$dt = 0.1$ ms）
的起点，因此每个间隔最多可相差一个 $dt$。
"""),
    heading("exercise", 2),
    exercise(1, r"""
Double the membrane time constant (`params.replace(tau_m=2 * params.tau_m)`) and rerun the
2.5 nA step. Predict first: more or fewer spikes? Does the rheobase change?
""", r"""
把膜时间常数加倍（`params.replace(tau_m=2 * params.tau_m)`），重新运行 2.5 nA 的阶跃。
先预测：动作电位更多还是更少？基强度电流会变吗？
""", solution=r"""
# Solution
slow = params.replace(tau_m=2 * params.tau_m)
slow_run = simulate_lif(slow, Step(I_supra, start=20 * ms, stop=170 * ms), 200 * ms)
print(f"tau_m {params.tau_m / ms:g} ms: {above.n_spikes} spikes; "
      f"tau_m {slow.tau_m / ms:g} ms: {slow_run.n_spikes} spikes")
print("rheobase unchanged:", slow.rheobase == params.rheobase)
""", answer_en=r"""
Fewer spikes: the membrane charges twice as slowly, so each trip from reset to threshold takes
twice as long (the $\tau_m \ln(\dots)$ term doubles; $t_{ref}$ does not). The rheobase
$(V_{th} - E_L)/R_m$ does not contain $\tau_m$, so it stays 2 nA.
""", answer_zh=r"""
动作电位变少：膜充电慢了一倍，从重置到阈值的时间（$\tau_m \ln(\dots)$ 项）也加倍，而不应期
$t_{ref}$ 不变。基强度电流 $(V_{th} - E_L)/R_m$ 中不含 $\tau_m$，所以仍是 2 nA。
"""),
    exercise(2, r"""
Find, by simulation (`fi_curve` runs one neuron per current), the smallest constant current (to 0.05 nA) that makes the neuron fire at
least once in 200 ms, and compare it with `params.rheobase`. Why is it a bit larger: the
search grid or the 200 ms window?
""", r"""
用模拟（`fi_curve` 为每个电流模拟一个神经元）找出在 200 ms 内使神经元至少放电一次的最小恒定电流（精确到 0.05 nA），并与
`params.rheobase` 比较。为什么它略大一些：是搜索网格，
还是 200 ms 的时间窗？
""", solution=r"""
# Solution
from neurosim.bio import fi_curve

currents = np.arange(1.8, 2.6, 0.05) * nA
counts = fi_curve(params, currents, duration=200 * ms).spike_counts  # one neuron per current
first = currents[np.flatnonzero(counts > 0)[0]]
print(f"first current that fires: {first / nA:.2f} nA; rheobase {params.rheobase / nA:.2f} nA")
""", answer_en=r"""
The search grid: the currents are spaced 0.05 nA apart, and the first one above
$I_{rh} = 2$ nA is 2.05 nA, which fires (the code prints it). The 200 ms window is not what
decides it: the time to the first spike from rest,
$\tau_m \ln\frac{R_m I}{R_m I - (V_{th} - E_L)}$, is 30 ms at 2.05 nA and stays below
200 ms down to about 2.0000 nA (it diverges only as $I \to I_{rh}$). A finer grid (try
`np.arange(1.99, 2.02, 0.001) * nA`) finds the first firing current at 2.001 nA.
""", answer_zh=r"""
原因在于搜索网格：电流间隔为 0.05 nA，$I_{rh} = 2$ nA 以上的第一个电流是 2.05 nA，
它会放电（代码打印的就是它）。200 ms 的时间窗并不是原因：从静息到第一个动作电位的时间
$\tau_m \ln\frac{R_m I}{R_m I - (V_{th} - E_L)}$ 在 2.05 nA 时只有 30 ms，直到约 2.0000 nA
都短于 200 ms（只有 $I \to I_{rh}$ 时才趋于无穷）。用更细的网格（试试
`np.arange(1.99, 2.02, 0.001) * nA`）得到的最小放电电流是 2.001 nA。
"""),
    exercise(3, r"""
Add membrane noise: rerun the 1.5 nA (sub-threshold) step with `sigma=5 * mV, seed=1`. Does the
neuron fire now? What does this say about the rheobase as a sharp threshold?
""", r"""
加入膜噪声：用 `sigma=5 * mV, seed=1` 重新运行 1.5 nA（阈下）的阶跃。神经元现在会放电吗？
这说明基强度电流作为"硬阈值"有什么局限？
""", solution=r"""
# Solution
noisy = simulate_lif(params, Step(I_sub, start=t0, stop=120 * ms), 150 * ms, sigma=5 * mV, seed=1)
fig, ax = plt.subplots(figsize=(8, 3))
plot_membrane(noisy, ax, label="sigma = 5 mV")
ax.legend()
plt.show()
print("spikes with noise:", noisy.n_spikes)
""", answer_en=r"""
Yes: fluctuations occasionally carry $V$ across the threshold although the mean input stays
below it. With noise the rheobase is no longer a sharp edge: the firing rate rises smoothly from
zero. Lesson 3 computes this rate exactly (the Siegert formula).
""", answer_zh=r"""
会：虽然平均输入低于阈值，噪声涨落偶尔会把 $V$ 推过阈值。有噪声时基强度电流不再是一条
陡峭的边界，放电频率从零开始平滑上升。第 3 课将精确计算这个频率（Siegert 公式）。
"""),
    heading("summary"),
    md(r"""
* The LIF neuron is an RC circuit with a threshold: $\tau_m\, dV/dt = -(V - E_L) + R_m I$, spike
  and reset at $V_{th}$, silent for $t_{ref}$.
* Below the rheobase $I_{rh} = (V_{th} - E_L)/R_m$ it never fires (without noise); above, it fires
  periodically with period $T = t_{ref} + \tau_m \ln\frac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}$.
* The simulation matches the formulas to within one time step.
* Next: [Lesson 2](02_fi_curve_is_an_activation.ipynb) turns $1/T$ into a curve — the neuron's
  activation function.
""", r"""
* LIF 神经元就是带阈值的 RC 电路：$\tau_m\, dV/dt = -(V - E_L) + R_m I$，在 $V_{th}$ 处发放并
  重置，在不应期 $t_{ref}$ 内静止。
* 电流低于基强度电流 $I_{rh} = (V_{th} - E_L)/R_m$ 时（无噪声）从不放电；高于它时周期性放电，
  周期 $T = t_{ref} + \tau_m \ln\frac{R_m I + E_L - V_{reset}}{R_m I + E_L - V_{th}}$。
* 模拟结果与公式的差别在一个时间步以内。
* 下一课：[第 2 课](02_fi_curve_is_an_activation.ipynb)把 $1/T$ 画成曲线——神经元的激活函数。
"""),
]
