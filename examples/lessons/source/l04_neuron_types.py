"""Lesson 4: neuron types (type I and II excitability, adaptation)."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 4 — Neuron types: type I, type II and adaptation

*neurosim lessons · [中文版](../zh/04_neuron_types.ipynb)*
""", r"""
# 第 4 课 神经元的类型：I 型、II 型兴奋性与放电频率适应

*neurosim 课程 · [English version](../en/04_neuron_types.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Simulate a neuron with real ion channels (Hodgkin-Huxley), an exponential integrate-and-fire
   neuron (EIF) and an adapting neuron (AdEx) with the same functions used for the LIF neuron.
2. Tell **type I** excitability (the rate rises from zero) from **type II** (it jumps to a finite
   rate) in an f-I curve, and say which activation function each resembles.
3. See **adaptation**: a fast onset, a slower steady state, and a steady-state f-I curve that is
   almost straight — like a ReLU.
""", r"""
1. 用与 LIF 神经元相同的函数，模拟具有真实离子通道的神经元（Hodgkin-Huxley）、指数积分-发放
   神经元（EIF）和具有适应性的神经元（AdEx）。
2. 从 f-I 曲线区分 **I 型**兴奋性（放电频率从零开始上升）和 **II 型**兴奋性（放电频率跳到一个
   有限值），并说明它们各自像哪种激活函数。
3. 观察**放电频率适应**：起始时放电快，稳态时放电慢，稳态 f-I 曲线几乎是直线——像 ReLU。
"""),
    heading("theory"),
    md(r"""
**Hodgkin-Huxley.** Sodium and potassium channels with voltage-dependent gates $m, h, n$:

$$C_m \frac{dV}{dt} = -\bar g_{Na} m^3 h (V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L) + I,
\qquad \frac{dx}{dt} = \alpha_x(V)(1 - x) - \beta_x(V)\,x .$$

Hodgkin (1948) sorted axons by how they start to fire. **Type I** cells can fire arbitrarily slowly.
In a conductance-based type I cell such as the Wang-Buzsáki interneuron (a modified HH model) rest
disappears in a saddle-node bifurcation and the rate grows like $\sqrt{I - I_{rh}}$ (a ReLU- or
softplus-like onset). The LIF and the exponential integrate-and-fire (EIF) neuron are type I too,
but with a different onset: the LIF's rate grows like $1/(\tau_m \ln\frac{\Delta V}{R_m (I - I_{rh})})$
(Lesson 1's formula near $I_{rh}$, with $\Delta V = V_{th} - V_{reset}$), a logarithmic onset, even steeper than a square root. **Type II** cells, like
the squid axon, lose rest in a Hopf bifurcation and jump to a finite rate (a step, or a steep
sigmoid). Below, the EIF stands for type I: it is the AdEx neuron of the next section without its
adaptation current $w$, and it simulates much faster than Wang-Buzsáki.

**Adaptation (AdEx).** The adaptive exponential integrate-and-fire neuron adds a slow current $w$:

$$C \frac{dV}{dt} = -g_L (V - E_L) + g_L \Delta_T e^{(V - V_T)/\Delta_T} - w + I, \qquad
\tau_w \frac{dw}{dt} = a (V - E_L) - w ,$$

and every spike adds $b$ to $w$. The faster the cell fires, the larger $w$ grows, which slows it
down: negative feedback that straightens the steady-state f-I curve (Ermentrout 1998).

References: A. L. Hodgkin, A. F. Huxley, J. Physiol. 117, 500 (1952); A. L. Hodgkin, J. Physiol.
107, 165 (1948); X.-J. Wang, G. Buzsáki, J. Neurosci. 16, 6402 (1996); R. Brette, W. Gerstner,
J. Neurophysiol. 94, 3637 (2005); N. Fourcaud-Trocmé et al., J. Neurosci. 23, 11628 (2003); R. Naud et al., Biol. Cybern. 99, 335 (2008); B. Ermentrout,
Neural Comput. 10, 1721 (1998); E. M. Izhikevich, *Dynamical Systems in Neuroscience* (MIT Press,
2007), ch. 7. Equations and presets of every model: `docs/bio.md`.
""", r"""
**Hodgkin-Huxley 模型。** 钠通道和钾通道带有电压依赖的门控变量 $m, h, n$：

$$C_m \frac{dV}{dt} = -\bar g_{Na} m^3 h (V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L) + I,
\qquad \frac{dx}{dt} = \alpha_x(V)(1 - x) - \beta_x(V)\,x .$$

Hodgkin（1948）按照轴突开始放电的方式对它们分类。**I 型**细胞可以任意缓慢地放电。在 Wang-Buzsáki
中间神经元（改进的 HH 模型）这样基于电导的 I 型细胞中，静息态在鞍结分岔中消失，放电频率按
$\sqrt{I - I_{rh}}$ 增长（类似 ReLU 或 Softplus 的起始段）。LIF 和指数积分-发放（EIF）神经元也
属于 I 型，但起始方式不同：LIF 的放电频率按 $1/(\tau_m \ln\frac{\Delta V}{R_m (I - I_{rh})})$
增长（第 1 课的公式在 $I_{rh}$ 附近的形式，$\Delta V = V_{th} - V_{reset}$），是对数形式的起始，比平方根还要陡。**II 型**细胞（如枪乌贼巨轴突）的
静息态在 Hopf 分岔中失稳，放电频率跳到一个有限值（类似阶跃函数或很陡的 Sigmoid）。下面用 EIF
代表 I 型：它就是下一节的 AdEx 神经元去掉适应电流 $w$，模拟速度比 Wang-Buzsáki 快得多。

**放电频率适应（AdEx 模型）。** 自适应指数积分-发放神经元增加了一个慢电流 $w$：

$$C \frac{dV}{dt} = -g_L (V - E_L) + g_L \Delta_T e^{(V - V_T)/\Delta_T} - w + I, \qquad
\tau_w \frac{dw}{dt} = a (V - E_L) - w ,$$

每发放一个动作电位，$w$ 增加 $b$。细胞放电越快，$w$ 越大，放电就被减慢：这种负反馈使稳态
f-I 曲线变直（Ermentrout 1998）。

参考文献：A. L. Hodgkin, A. F. Huxley, J. Physiol. 117, 500（1952）；A. L. Hodgkin,
J. Physiol. 107, 165（1948）；X.-J. Wang, G. Buzsáki, J. Neurosci. 16, 6402（1996）；
R. Brette, W. Gerstner, J. Neurophysiol. 94, 3637（2005）；N. Fourcaud-Trocmé 等, J. Neurosci. 23, 11628（2003）；R. Naud 等, Biol. Cybern. 99, 335
（2008）；B. Ermentrout, Neural Comput. 10, 1721（1998）；E. M. Izhikevich,《Dynamical Systems in
Neuroscience》（MIT Press, 2007），第 7 章。各模型的方程与预设参数见 `docs/bio.md`。
"""),
    md(r"""
## 1. Type II against type I
`step_responses` runs one neuron per current from rest, in one vectorised Brian2 run, and reports
the steady-state rate (second half of the window). For HH we use $dt = 0.05$ ms (the model's own
step is 0.01 ms) and 200 ms so that the lesson stays fast: rates move by a few per cent. A rate is
only measured when at least two spikes fall in the second half of the window, so the lowest
measurable rate is about $4/\text{duration}$: the EIF runs for 1 s.
""", r"""
## 1. II 型与 I 型
`step_responses` 从静息态出发、每个电流模拟一个神经元，在一次向量化的 Brian2 运行中完成，并给出
稳态放电频率（时间窗的后半段）。为了让本课运行得快，HH 模型用 $dt = 0.05$ ms（模型自身的步长是
0.01 ms）和 200 ms：放电频率会有几个百分点的偏差。只有当时间窗后半段至少有两个动作电位时才能
测出放电频率，因此可测的最低频率约为 $4/\text{时长}$：EIF 模型运行 1 s。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import Hz, cm, ms, pA, uA

from neurosim.bio import classify_pattern, load_preset, preset_info, step_responses
from neurosim.bridge import fit_activation
from neurosim.demo.i18n import say, use_in_notebook
from neurosim.plotting.cells import current_unit, plot_onset_steady, plot_step_response

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

hh = load_preset("hh_squid")
eif = load_preset("eif_cortical")
responses = {
    "hh_squid": step_responses(hh, hh.current(np.linspace(0, 15, 31) * uA / cm**2), 200 * ms,
                               dt=0.05 * ms),
    "eif_cortical": step_responses(eif, np.linspace(0, 400, 31) * pA, 1000 * ms),
}
fig, axes = plt.subplots(1, 2, figsize=(12, 4))
for ax, (name, run) in zip(axes, responses.items()):
    unit, unit_name = current_unit(run.currents)
    rates = run.steady_rates / Hz
    first = np.flatnonzero(rates > 0)[0]
    ax.plot(run.currents / unit, rates, "o-", ms=4)
    ax.set(xlabel=f"current ({unit_name})", ylabel="steady-state rate (Hz)", title=name)
    print(f"{name}: silent up to {run.currents[first - 1] / unit:.3g} {unit_name}, "
          f"first rate {rates[first]:.1f} Hz at {run.currents[first] / unit:.3g} {unit_name}")
plt.show()
"""),
    md(r"""
The squid axon never fires slower than about 50 Hz: its f-I curve is a step followed by a gentle
slope. The EIF starts from low rates. In activation-function terms: type II is a
step or a steep sigmoid, type I a ReLU or softplus.

## 2. Adaptation: onset against steady state
The `adex_adapting` preset (Naud et al. 2008) at its own step current, and its rates at the onset
(1 / first interval) and in the steady state across currents.
""", r"""
枪乌贼轴突的放电频率从不低于约 50 Hz：它的 f-I 曲线是一个阶跃加上平缓的斜坡。EIF
神经元则从很低的频率开始放电。用激活函数的语言来说：II 型像阶跃函数或很陡的 Sigmoid，I 型像
ReLU 或 Softplus。

## 2. 放电频率适应：起始与稳态
`adex_adapting` 预设（Naud 等 2008）在其自身阶跃电流下的响应，以及不同电流下的起始放电频率
（1 / 第一个峰间间隔）和稳态放电频率。
"""),
    code(r"""
adex = load_preset("adex_adapting")
step = preset_info("adex_adapting").step_current
currents = np.linspace(0, 1.5, 16) * step
adapting = step_responses(adex, currents, 500 * ms, dt=0.05 * ms, trace=10)  # trace: the preset's step
print("the preset's step current:", step, "=", currents[10])
print(say(adapting.patterns()[10].reason))

fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4))
plot_step_response(adapting, left)
left.set_title(f"adex_adapting at {step}")
plot_onset_steady(adapting, right)
plt.show()
"""),
    md(r"""
## 3. Adaptation makes the curve ReLU-like
Fit a ReLU (`fit_activation`, from Lesson 2) to the onset and to the steady-state rates, over the
currents where the cell fires, and compare $1 - R^2$ (the unexplained fraction) and the gains.
""", r"""
## 3. 适应使曲线像 ReLU
用 ReLU（第 2 课的 `fit_activation`）分别拟合起始放电频率和稳态放电频率（只取细胞放电的电流），
比较 $1 - R^2$（未被解释的比例）和增益。
"""),
    code(r"""
firing = adapting.steady_rates > 0 * Hz
for label, rates in [("onset", adapting.onset_rates), ("steady state", adapting.steady_rates)]:
    fit = fit_activation(currents[firing], rates[firing], "relu")
    print(f"{label:>12}: ReLU 1 - R^2 = {1 - fit.r2:.1e}; {fit.param_text()}")
"""),
    heading("exercise", 2),
    exercise(1, r"""
Classify both cells from the data of section 1: divide the rate at the first current that fires
by the rate at about twice that current. `neurosim.bio.find_rheobase` calls a cell type II when this
ratio is above 0.4. What do you find?
""", r"""
用第 1 节的数据对两种细胞分类：用第一个能放电的电流处的放电频率，除以约两倍该电流处的放电
频率。`neurosim.bio.find_rheobase` 在这个比值大于 0.4 时判为 II 型。你得到什么结果？
""", solution=r"""
# Solution
for name, run in responses.items():
    rates = run.steady_rates / Hz
    first = np.flatnonzero(rates > 0)[0]
    double = np.argmin(np.abs(run.currents - 2 * run.currents[first]))
    ratio = rates[first] / rates[double]
    kind = "type II" if ratio > 0.4 else "type I"
    print(f"{name}: {rates[first]:.1f} Hz / {rates[double]:.1f} Hz = {ratio:.2f} -> {kind}")
""", answer_en=r"""
The squid axon's ratio is well above 0.4 (it starts at ~50 Hz and gains little more): type II.
The EIF's is far below: type I. Its first measured rate is not near 0 Hz, because the grid step
is too coarse to land just above the rheobase (where the rate is arbitrarily small) and a 1 s
window cannot measure rates below ~4 Hz; the ratio, not the value, tells the class. (A short
window would mislead: with 200 ms even a type I cell seems to start at ~20 Hz.)
""", answer_zh=r"""
枪乌贼轴突的比值远大于 0.4（起始就约 50 Hz，之后增加不多）：II 型。EIF 的比值远小于 0.4：
I 型。它第一个测得的放电频率并不接近 0 Hz，因为网格太粗，落不到基强度电流稍上方放电频率任意
小的地方，而且 1 s 的时间窗测不出低于约 4 Hz 的频率；判断类型靠的是比值，而不是数值本身。
（时间窗太短会误导：只有 200 ms 时，连 I 型细胞看起来也是从约 20 Hz 开始放电。）
"""),
    exercise(2, r"""
Remove the spike-triggered adaptation (`adex.replace(b=0 * pA)`) and rerun the 0.5 nA step. Which
firing pattern does `classify_pattern` find now, and how do onset and steady-state rates compare?
""", r"""
去掉由动作电位触发的适应（`adex.replace(b=0 * pA)`），重新运行 0.5 nA 的阶跃。`classify_pattern`
现在给出什么放电模式？起始放电频率与稳态放电频率相比如何？
""", solution=r"""
# Solution
no_b = adex.replace(b=0 * pA)
run = step_responses(no_b, [step / pA] * pA, 500 * ms, dt=0.05 * ms)
pattern = classify_pattern(run.spike_times[0], 0 * ms, 500 * ms)
print(say(pattern.pattern), "|", say(pattern.reason))
print(f"onset {run.onset_rates[0] / Hz:.1f} Hz, steady state {run.steady_rates[0] / Hz:.1f} Hz")
""", answer_en=r"""
Without $b$ the only adaptation left is the subthreshold coupling $a(V - E_L)$, which is weak for
this cell: onset and steady state differ by less than 10 %, and the pattern becomes "tonic". The
jump $b$ per spike is what makes the cell slow down as it fires.
""", answer_zh=r"""
没有 $b$ 时，剩下的适应只有阈下耦合 $a(V - E_L)$，对这个细胞来说很弱：起始放电频率与稳态放电
频率相差不到 10%，放电模式变为"tonic"（规则放电）。正是每个动作电位带来的跳变 $b$ 使细胞
在放电过程中变慢。
"""),
    md(r"""
### Try it: switch the cell under the sliders
The explorer below starts on a LIF. Switch its preset menu to `wang_buzsaki`, then to
`hh_squid` (the first switch compiles the model once; the status line says so), put the current
just above where each starts to fire and compare: the Wang-Buzsáki rate starts near zero, the
Hodgkin-Huxley rate starts at tens of hertz. Then move `g_K` of the squid axon down and up: the
balance of sodium and potassium conductances sets the jump.
""", r"""
### 动手试试：在滑块下换一个细胞
下面的探索器从 LIF 开始。把它的 preset 菜单换成 `wang_buzsaki`，再换成 `hh_squid`（第一次切换会
把模型编译一次，状态行会说明），把电流设在每种细胞刚开始放电的位置稍上方并比较：Wang-Buzsáki
的放电频率从接近零开始，Hodgkin-Huxley 的放电频率一开始就是几十赫兹。然后把枪乌贼轴突的 `g_K`
调低、调高：钠电导与钾电导的平衡决定了这个跳变。
"""),
    code(r"""
from neurosim.explore import widget

widget("neuronal_dynamics")
"""),
    heading("summary"),
    md(r"""
* Not every neuron is the same activation function. Type I cells (Wang-Buzsáki, LIF, EIF) start
  from zero rate: ReLU- or softplus-like. Type II cells (the Hodgkin-Huxley squid axon) jump to a
  finite rate: step- or steep-sigmoid-like.
* Adaptation separates a fast onset from a slower steady state; the steady-state f-I curve is
  straight above threshold, with a gain several times lower than at onset — the closest a real
  neuron comes to a ReLU.
* The same functions (`step_responses`, `fi_curve`, fits) work for every model: only the parameter
  object changes.
* Next: [Lesson 5](05_gradient_descent_and_xor.ipynb) trains artificial neurons by gradient descent.
""", r"""
* 并非所有神经元都对应同一个激活函数。I 型细胞（Wang-Buzsáki、LIF、EIF）的放电频率从零开始：
  像 ReLU 或 Softplus。II 型细胞（Hodgkin-Huxley 枪乌贼轴突）跳到一个有限的放电频率：像阶跃
  函数或很陡的 Sigmoid。
* 放电频率适应把快速的起始与较慢的稳态区分开；稳态 f-I 曲线在阈值以上是直线，增益比起始时
  低好几倍——这是真实神经元最接近 ReLU 的情形。
* 同样的函数（`step_responses`、`fi_curve`、拟合）适用于所有模型：只需更换参数对象。
* 下一课：[第 5 课](05_gradient_descent_and_xor.ipynb)用梯度下降训练人工神经元。
"""),
]
