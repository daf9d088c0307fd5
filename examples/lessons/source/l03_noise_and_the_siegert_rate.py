"""Lesson 3: noise and the Siegert rate."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 3 — Noise and the Siegert rate

*neurosim lessons · [中文版](../zh/03_noise_and_the_siegert_rate.ipynb)*
""", r"""
# 第 3 课 噪声与 Siegert 放电频率

*neurosim 课程 · [English version](../en/03_noise_and_the_siegert_rate.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. See how membrane noise changes the f-I curve: firing below the rheobase, a rounded threshold.
2. Predict the noisy rate exactly with the Siegert (diffusion-approximation) formula, and know how
   far a simulation with time step $dt$ and a few trials should deviate from it.
3. See that noise smooths the curve (a rounded corner instead of the LIF's near-vertical onset),
   so that ReLU and softplus fit it better and better, and see when the data can tell a softplus
   from a ReLU (only at strong noise).
""", r"""
1. 观察膜噪声如何改变 f-I 曲线：低于基强度电流也会放电，阈值变得圆滑。
2. 用 Siegert 公式（扩散近似）精确预测有噪声时的放电频率，并知道时间步长为 $dt$、
   试验次数有限的模拟应当与它相差多少。
3. 看到噪声使曲线变得平滑（阈值处的拐角被磨圆，不再是 LIF 那种近乎竖直的起跳），ReLU 和 Softplus 的拟合越来越好，并看到数据何时才能区分 Softplus 与 ReLU（只有噪声较强时）。
"""),
    heading("theory"),
    md(r"""
Thousands of synapses bombard a cortical neuron; their sum looks like a mean current plus white
noise. With $\mu = E_L + R_m I$ the membrane obeys
$\tau_m\,dV/dt = \mu - V + \sigma\sqrt{\tau_m}\,\xi(t)$, and the mean time from reset to
threshold gives the rate (Siegert 1951; Brunel 2000, Eq. 21):

$$\frac{1}{r} = t_{ref} + \tau_m \sqrt{\pi} \int_{(V_{reset}-\mu)/\sigma}^{(V_{th}-\mu)/\sigma}
e^{u^2}\,\bigl(1 + \operatorname{erf} u\bigr)\, du .$$

For $\sigma \to 0$ it becomes the noise-free formula of Lesson 2. For $\sigma > 0$ the rate is
positive for every current: fluctuations carry the membrane across the threshold even when the
mean input stays below it. An Euler-Maruyama simulation with step $dt$ misses crossings that
happen between steps, so it fires a little less than Siegert, by a relative amount of order
$\sigma\sqrt{dt/\tau_m}$ (Brunel & Hakim 1999); `compare` turns this and the trial-to-trial
spread into a tolerance band.

References: A. J. F. Siegert, Phys. Rev. 81, 617 (1951); N. Brunel, J. Comput. Neurosci. 8, 183
(2000); N. Brunel & V. Hakim, Neural Comput. 11, 1621 (1999); Gerstner et al., *Neuronal Dynamics*
(2014), ch. 8.
""", r"""
皮层神经元同时受到成千上万个突触的输入，它们的总和可以看作平均电流加白噪声。令
$\mu = E_L + R_m I$，膜电位满足 $\tau_m\,dV/dt = \mu - V + \sigma\sqrt{\tau_m}\,\xi(t)$，
从重置到阈值的平均首达时间给出放电频率（Siegert 1951；Brunel 2000，式 21）：

$$\frac{1}{r} = t_{ref} + \tau_m \sqrt{\pi} \int_{(V_{reset}-\mu)/\sigma}^{(V_{th}-\mu)/\sigma}
e^{u^2}\,\bigl(1 + \operatorname{erf} u\bigr)\, du .$$

当 $\sigma \to 0$ 时，它退化为第 2 课的无噪声公式。当 $\sigma > 0$ 时，任何电流下放电频率都大于
零：即使平均输入低于阈值，噪声涨落也会把膜电位推过阈值。用步长 $dt$ 的 Euler-Maruyama 方法
模拟时，会漏掉发生在两个时间步之间的越阈事件，因此模拟的放电频率略低于 Siegert 公式，相对
偏差约为 $\sigma\sqrt{dt/\tau_m}$ 量级（Brunel & Hakim 1999）；`compare` 把这一偏差和试验间的
波动合成一个容差带。

参考文献：A. J. F. Siegert, Phys. Rev. 81, 617（1951）；N. Brunel, J. Comput. Neurosci. 8, 183
（2000）；N. Brunel & V. Hakim, Neural Comput. 11, 1621（1999）；Gerstner 等，
《Neuronal Dynamics》（2014），第 8 章。
"""),
    md(r"""
## 1. f-I curves at three noise levels
One vectorised run per noise level: 30 currents × 3 trials, 1 s each. `curve.theory()` is the
Siegert rate for the curve's own $\sigma$ (the closed form when $\sigma = 0$).
""", r"""
## 1. 三种噪声强度下的 f-I 曲线
每个噪声强度运行一次向量化模拟：30 个电流 × 3 次试验，每次 1 s。`curve.theory()` 给出与该曲线
$\sigma$ 相同的 Siegert 放电频率（$\sigma = 0$ 时即闭式解）。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import Hz, mV, nA, second

from neurosim.bio import fi_curve, load_preset, siegert_rate
from neurosim.bridge import compare, fit_all
from neurosim.demo.i18n import use_in_notebook

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

params = load_preset("neuronal_dynamics")
currents = np.linspace(0, 2, 30) * params.rheobase
sigmas = [0, 3, 8] * mV
curves = [fi_curve(params, currents, duration=1 * second, sigma=s, n_trials=3, seed=3)
          for s in sigmas]

fine = np.linspace(0, 2, 200) * params.rheobase
fig, ax = plt.subplots(figsize=(7, 4.5))
for curve, color in zip(curves, ["C0", "C1", "C3"]):
    label = f"sigma = {curve.sigma / mV:g} mV"
    ax.errorbar(curve.currents / nA, curve.rates / Hz, yerr=curve.rates_std / Hz,
                fmt="o", ms=4, color=color, label=label)
    ax.plot(fine / nA, siegert_rate(fine, curve.sigma, params) / Hz, "-", color=color)
ax.axvline(params.rheobase / nA, color="grey", ls=":")
ax.set(xlabel="input current (nA)", ylabel="firing rate (Hz)",
       title="points: simulation, lines: Siegert; dotted: rheobase")
ax.legend()
plt.show()
"""),
    md(r"""
### Try it: slide the noise
Sliding beats reading here. Set the current just below the rheobase (2 nA), then move the
*noise* slider from 0 to 6 mV and watch the operating point leave zero while the curve's corner
rounds off; then move the current. The curve is the Siegert formula (instant), the dot a
short simulation.
""", r"""
### 动手试试：拖动噪声滑块
这里拖动滑块比读文字更直观。把电流设在基强度电流（2 nA）稍下方，然后把*噪声*滑块从 0 拖到
6 mV：看工作点如何离开零、曲线的拐角如何被磨圆；再拖动电流滑块。曲线是 Siegert 公式（即时
给出），圆点是一次短时模拟。
"""),
    code(r"""
from neurosim.explore import widget

widget("neuronal_dynamics")
"""),
    md(r"""
## 2. How close is close enough?
`compare` checks each simulated point against the theory within a band derived from $dt$ and the
number of trials (not a tolerance tuned by hand).
""", r"""
## 2. 差多少才算"一致"？
`compare` 把每个模拟点与理论值比较，容差带由 $dt$ 和试验次数推导而来（而不是手工调出来的）。
"""),
    code(r"""
for curve in curves:
    check = compare(curve)
    print(f"sigma {curve.sigma / mV:g} mV: max |sim - theory| = {check.max_abs_error / Hz:.2f} Hz, "
          f"{np.count_nonzero(check.within)}/{len(curve)} points inside the band")
"""),
    md(r"""
## 3. Which activation function now?
Fit the families at every noise level and watch $R^2$ move.
""", r"""
## 3. 现在哪个激活函数最合适？
在每个噪声强度下拟合各类函数，观察 $R^2$ 如何变化。
"""),
    code(r"""
families = ["linear", "exponential", "sigmoid", "relu", "softplus"]
r2 = np.array([[next(r.r2 for r in fit_all(c, families=families) if r.family == f)
                for f in families] for c in curves])
fig, ax = plt.subplots(figsize=(7, 4))
for j, family in enumerate(families):
    ax.plot(sigmas / mV, r2[:, j], "o-", label=family)
ax.set(xlabel="noise sigma (mV)", ylabel="$R^2$ of the fit", ylim=(0.8, 1.005))
ax.legend(ncol=2)
plt.show()
print("R^2 (rows: sigma 0, 3, 8 mV):", *families)
print(np.round(r2, 4))
"""),
    heading("exercise", 2),
    exercise(1, r"""
Using only the theory (`siegert_rate`, no simulation), plot the rate **at the rheobase** against
$\sigma$ from 0 to 8 mV. How does a neuron exactly at its threshold respond to more noise?
""", r"""
只用理论（`siegert_rate`，不做模拟），画出**恰好在基强度电流处**的放电频率随 $\sigma$（0 到
8 mV）的变化。恰好处于阈值的神经元对更强的噪声如何响应？
""", solution=r"""
# Solution
noise = np.linspace(0, 8, 81) * mV
rate_at_rheobase = siegert_rate(params.rheobase, noise, params)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(noise / mV, rate_at_rheobase / Hz)
ax.set(xlabel="sigma (mV)", ylabel="rate at the rheobase (Hz)")
plt.show()
""", answer_en=r"""
Without noise the rate at the rheobase is exactly 0 Hz. The smallest noise makes it jump: already
at $\sigma = 0.01$ mV it is about 15 Hz, because without noise the membrane approaches the threshold
only asymptotically, and noise of size $\sigma$ cuts that wait to about $\tau_m \ln(\Delta V/\sigma)$
(so the rate grows only logarithmically as $\sigma \to 0$). Beyond that it grows steadily with
$\sigma$. Noise turns a hard threshold into a soft one: the neuron signals inputs that would be
invisible without noise.
""", answer_zh=r"""
无噪声时，基强度电流处的放电频率恰为 0 Hz。极小的噪声就会使它跳变：$\sigma = 0.01$ mV 时已约为
15 Hz，因为无噪声时膜电位只能渐近地逼近阈值，而大小为 $\sigma$ 的噪声把这段等待缩短到约
$\tau_m \ln(\Delta V/\sigma)$（所以 $\sigma \to 0$ 时放电频率只按对数规律变化）。此后它随
$\sigma$ 稳步上升。噪声把硬阈值变成了软阈值：神经元能够表达在无噪声时"看不见"的输入。
"""),
    exercise(2, r"""
Rerun the $\sigma = 8$ mV curve with `n_trials=12`. By what factor should the standard error of
each rate (`rates_std / sqrt(n_trials)`) shrink? Does the mean deviation from Siegert shrink as
much? Look at its sign.
""", r"""
用 `n_trials=12` 重新运行 $\sigma = 8$ mV 的曲线。每个放电频率的标准误（`rates_std / sqrt(n_trials)`）
应缩小多少倍？与 Siegert 公式的平均偏差是否也缩小同样多？注意偏差的符号。
""", solution=r"""
# Solution
many = fi_curve(params, currents, duration=1 * second, sigma=8 * mV, n_trials=12, seed=4)
for curve in (curves[2], many):
    se = np.mean(curve.rates_std / np.sqrt(curve.n_trials))
    deviation = np.mean(curve.rates - curve.theory())
    print(f"{curve.n_trials:>2} trials: mean standard error {se / Hz:.2f} Hz, "
          f"mean (sim - Siegert) = {deviation / Hz:+.2f} Hz")
""", answer_en=r"""
The standard error of a mean over $n$ independent trials falls like $1/\sqrt{n}$: four times as
many trials should about halve it (the spread estimated from 3 trials is itself rough). The mean
deviation does not shrink as much, and it is negative: what is left
is the systematic $dt$ bias (Euler-Maruyama misses crossings between steps, so the simulation
fires slightly less than Siegert), which only a smaller `dt` removes.
""", answer_zh=r"""
$n$ 次独立试验的平均值的标准误按 $1/\sqrt{n}$ 下降：试验次数变为 4 倍，标准误应大约减半（由 3 次试验估计的波动本身就很粗糙）。平均偏差
却没有同样缩小，而且是负的：剩下的是由 $dt$ 引起的系统偏差（Euler-Maruyama 方法漏掉了两个
时间步之间的越阈，模拟的放电频率略低于 Siegert），只有减小 `dt` 才能消除它。
"""),
    exercise(3, r"""
Print the softplus and ReLU fits (`result.param_text()`, and `result.aicc`) at each noise
level. Which parameters move steadily with the noise? Can the data tell the softplus width at
0 and 3 mV? (The currents are 0.14 nA apart.) Where does the threshold `I_0` sit relative to the
rheobase?
""", r"""
打印每个噪声强度下的 Softplus 和 ReLU 拟合结果（`result.param_text()` 和 `result.aicc`）。
哪些参数随噪声稳定地变化？在 0 和 3 mV 时，数据能确定 Softplus 的宽度吗？（电流间隔为
0.14 nA。）阈值 `I_0` 相对于基强度电流在什么位置？
""", solution=r"""
# Solution
for curve in curves:
    fits = {r.family: r for r in fit_all(curve, families=["softplus", "relu"])}
    softplus, relu = fits["softplus"], fits["relu"]
    print(f"sigma {curve.sigma / mV:g} mV: softplus {softplus.param_text()}; "
          f"AICc softplus - ReLU = {softplus.aicc - relu.aicc:+.1f}")
print(f"rheobase {params.rheobase / nA:.2f} nA; current step {(currents[1] - currents[0]) / nA:.2f} nA")
""", answer_en=r"""
Measured with this lesson's seed 3 (and seeds 4 and 5 to check): the gain falls steadily with the
noise (69, 62, 49 Hz/nA at 0, 3, 8 mV) and so does the threshold $I_0$ (1.56, 1.31, 0.72 nA),
further and further below the 2 nA rheobase: the current at which the neuron starts to respond is
no longer the rheobase. The width $w$ of the softplus $g\,w \ln(1 + e^{(I - I_0)/w})$ does not
follow the noise at 0 and 3 mV: the fitted values (0.0015 and 0.0001 nA with seed 3; 0.0004 and
0.013 nA with seeds 4 and 5) are far below the 0.14 nA spacing of the currents, so the data cannot
determine them. There the softplus is a ReLU ($w \to 0$), with the same $R^2$ and an AICc 2.5
higher: the price of a parameter that explains nothing. Only at 8 mV is the width resolved
(0.16-0.19 nA over the three seeds), and the softplus then beats ReLU clearly (AICc lower by 20-97).
""", answer_zh=r"""
用本课的随机种子 3 测得（并用种子 4 和 5 复核）：增益随噪声稳定下降（0、3、8 mV 时分别为 69、62、
49 Hz/nA），阈值 $I_0$ 也一样（1.56、1.31、0.72 nA），越来越低于 2 nA 的基强度电流：神经元开始
响应的电流不再是基强度电流。Softplus 函数 $g\,w \ln(1 + e^{(I - I_0)/w})$ 的宽度 $w$ 在 0 和
3 mV 时并不随噪声变化：拟合值（种子 3 为 0.0015 和 0.0001 nA；种子 4、5 为 0.0004 和 0.013 nA）
远小于电流间隔 0.14 nA，数据根本无法确定它们。此时 Softplus 就是 ReLU（$w \to 0$），$R^2$ 相同，
AICc 高 2.5：这是一个什么也解释不了的参数的代价。只有在 8 mV 时宽度才被分辨出来（三个种子为
0.16-0.19 nA），此时 Softplus 明显优于 ReLU（AICc 低 20-97）。
"""),
    heading("summary"),
    md(r"""
* Noise lets a neuron fire below its rheobase and rounds its threshold; the Siegert formula
  predicts the whole noisy f-I curve.
* Simulation and theory agree within a band we can derive: a $dt$ bias (missed crossings,
  $\sim\sigma\sqrt{dt/\tau_m}$) plus the trial-to-trial error ($\sim 1/\sqrt{n}$).
* Noise smooths the curve (the corner at threshold is rounded, the near-vertical onset is gone):
  every family fits better, ReLU and softplus best; at strong noise the
  softplus width (the smeared threshold) becomes visible, and the fitted threshold sinks below the
  rheobase.
* Next: [Lesson 4](04_neuron_types.ipynb) leaves the LIF model for neurons with real ion channels.
""", r"""
* 噪声使神经元在基强度电流以下也能放电，并使阈值变得圆滑；Siegert 公式能预测整条有噪声的
  f-I 曲线。
* 模拟与理论在一个可推导的容差带内一致：$dt$ 带来的偏差（漏检的越阈，
  $\sim\sigma\sqrt{dt/\tau_m}$）加上试验间误差（$\sim 1/\sqrt{n}$）。
* 噪声使曲线变得平滑（阈值处的拐角被磨圆，近乎竖直的起跳消失）：各类函数都拟合得更好，ReLU 和 Softplus 最好；噪声较强时，
  Softplus 的宽度（被抹平的阈值）变得可见，拟合得到的阈值降到基强度电流以下。
* 下一课：[第 4 课](04_neuron_types.ipynb)离开 LIF 模型，研究具有真实离子通道的神经元。
"""),
]
