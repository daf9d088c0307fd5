"""Lesson 8: a network of real neurons reads digits (any cell type's f-I curve as activation)."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 8 — A network of real neurons reads digits

*neurosim lessons · [中文版](../zh/08_real_neurons_read_digits.ipynb)*
""", r"""
# 第 8 课 由真实神经元组成的网络识别手写数字

*neurosim 课程 · [English version](../en/08_real_neurons_read_digits.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Turn the f-I curve of *any* neuron model (LIF, Hodgkin-Huxley, ...) into an activation
   function in physical units: current in, rate out.
2. Train a 64-32-32-10 network on real handwritten digits with that activation, then run the
   same weights as spiking neurons of that cell type in Brian2.
3. Explain from each cell's curve why some cell types read the digits as well as their
   artificial network, and others lose a few points.
""", r"""
1. 把*任意*神经元模型（LIF、Hodgkin-Huxley 等）的 f-I 曲线变成有物理单位的激活函数：输入为电流，
   输出为放电频率。
2. 用这个激活函数在真实的手写数字上训练一个 64-32-32-10 网络，再把同一组权重交给该类型的脉冲
   神经元在 Brian2 中运行。
3. 根据每种细胞的曲线解释：为什么有的细胞类型识别数字和它的人工神经网络一样好，有的却差几个百分点。
"""),
    heading("theory"),
    md(r"""
Lesson 6 converted a network of LIF units using the LIF formula. Here the activation comes from
the cell itself: its f-I curve is simulated (constant currents, counted from rest over the
presentation), the activation families of Lesson 2 are fitted, and the best one, $r(I)$, is used
through $I = I_{on} + z\,I_{unit}$ and $a = r(I)/r_{unit}$: $z = 0$ is the cell's threshold,
$z = 1$ its 100 Hz point ($r_{unit} = 100$ Hz). A hidden unit of the first layer receives the
constant current of its net input; a unit of the second layer receives synaptic currents, each
spike of unit $j$ adding the charge $q_{jk} = w_{jk} I_{unit}/r_{unit}$, so that a rate $r_j$ gives
the mean current $w_{jk} I_{unit}\, r_j / r_{unit}$. A type II cell (Hodgkin-Huxley) cannot fire
between 0 and about 60 Hz: no current gives those rates, whatever the fitted curve says.

References: E. Hunsberger, C. Eliasmith, arXiv:1510.08829 (2015); B. Rueckauer et al.,
Front. Neurosci. 11, 682 (2017); E. Alpaydin, C. Kaynak, UCI digits (1998), via scikit-learn's
`load_digits`; E. M. Izhikevich, *Dynamical Systems in Neuroscience* (2007), §1.2 (type I and II).
Details and the measured table: `docs/convert.md`.
""", r"""
第 6 课用 LIF 公式转换了由 LIF 单元组成的网络。本课的激活函数来自细胞本身：先模拟它的 f-I 曲线
（恒定电流，从静息开始在呈现时间内计数），再拟合第 2 课的各种激活函数族，取最好的一个 $r(I)$，
通过 $I = I_{on} + z\,I_{unit}$ 和 $a = r(I)/r_{unit}$ 使用：$z = 0$ 是细胞的阈值，$z = 1$ 是它的
100 Hz 点（$r_{unit} = 100$ Hz）。第一隐藏层的单元接收其净输入对应的恒定电流；第二层的单元接收突触
电流，单元 $j$ 的每个脉冲带来电荷 $q_{jk} = w_{jk} I_{unit}/r_{unit}$，因此放电频率 $r_j$ 给出平均电流
$w_{jk} I_{unit}\, r_j / r_{unit}$。II 型细胞（Hodgkin-Huxley）不能以 0 到约 60 Hz 之间的频率放电：
无论拟合曲线怎么说，都没有电流能给出这些放电频率。

参考文献：E. Hunsberger, C. Eliasmith, arXiv:1510.08829（2015）；B. Rueckauer 等, Front. Neurosci.
11, 682（2017）；E. Alpaydin, C. Kaynak, UCI 手写数字数据（1998），由 scikit-learn 的 `load_digits`
提供；E. M. Izhikevich,《Dynamical Systems in Neuroscience》（2007），第 1.2 节（I 型与 II 型）。
详细说明与测量表格见 `docs/convert.md`。
"""),
    md(r"""
## 1. A cell's f-I curve as an activation function
`cell_activation(params)` sweeps the neuron, fits the families and returns an ordinary
`neurosim.ann` activation that remembers the cell, its curve and the current mapping.
""", r"""
## 1. 把细胞的 f-I 曲线当作激活函数
`cell_activation(params)` 对神经元做电流扫描、拟合各函数族，返回一个普通的 `neurosim.ann` 激活函数，
它记得对应的细胞、曲线以及电流映射。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import Hz, nA

from neurosim.bio import load_preset
from neurosim.bridge import cell_activation, digits_experiment
from neurosim.plotting.digits import plot_digits_accuracy, plot_digits_rates

fig, ax = plt.subplots(figsize=(7, 4))
for preset in ("neuronal_dynamics", "hh_squid"):
    act = cell_activation(load_preset(preset))
    curve = act.curve
    ax.plot(curve.currents / nA, curve.rates_count / Hz, "o", ms=3, label=f"{preset}: simulated")
    currents = np.linspace(0, float(curve.currents[-1] / nA), 300) * nA
    ax.plot(currents / nA, act.fit.predict(currents) / Hz, "-",
            label=f"{preset}: fitted {act.fit.family}")
    print(preset, act.settings["i_on"], act.settings["i_unit"])
ax.set_xlabel("current (nA)")
ax.set_ylabel("rate over 500 ms (Hz)")
ax.legend()
plt.show()
"""),
    md(r"""
## 2. Train, convert, run: 100 test digits at once
One call trains the network with the cell's curve and runs the spiking version: one Brian2 run
for all 100 images (a group of 100 x 32 neurons per layer), read after 10 to 500 ms.
""", r"""
## 2. 训练、转换、运行：一次处理 100 个测试数字
一次调用就用细胞的曲线训练网络并运行脉冲版本：100 张图片只需一次 Brian2 运行（每层一个由
100 x 32 个神经元组成的组），在 10 到 500 ms 之间的各个时刻读出。
"""),
    code(r"""
lif = digits_experiment("neuronal_dynamics", seed=0, n_test=100)
"""),
    code(r"""
hh = digits_experiment("hh_squid", seed=0, n_test=100)
for e in (lif, hh):
    print(f"{e.preset}: ANN {e.run.ann_accuracy:.1%}, spiking {e.run.snn_accuracy():.1%} "
          f"at 500 ms, rate vs activation R^2 {np.round(e.run.r2(), 3)}")
fig, ax = plt.subplots(figsize=(8, 4.5))
plot_digits_accuracy([lif, hh], ax)
plt.show()
"""),
    code(r"""
fig, axes = plt.subplots(2, 2, figsize=(9, 7), layout="constrained")
plot_digits_rates(lif, axes[0])
plot_digits_rates(hh, axes[1])
plt.show()
"""),
    heading("exercise", 2),
    exercise(1, r"""
Count, for the Hodgkin-Huxley network, the fraction of first-layer units whose ANN activation
asks for a rate between 5 and 55 Hz (`hh.run.ann_activations[0] * 100`). Compare it with the
LIF network. How does it explain the gap between the HH network and its ANN?
""", r"""
对 Hodgkin-Huxley 网络，统计第一隐藏层中人工神经网络激活值要求 5 到 55 Hz 之间放电频率的单元比例
（`hh.run.ann_activations[0] * 100`），并与 LIF 网络比较。它如何解释 HH 网络与其人工神经网络之间的差距？
""", solution=r"""
# Solution
for e in (lif, hh):
    rates = e.run.ann_activations[0] * 100
    print(f"{e.preset}: {np.mean((rates > 5) & (rates < 55)):.1%} of units asked for 5-55 Hz")
""", answer_en=r"""
The HH cell cannot fire between ~2 Hz (a single onset spike) and ~60 Hz: every unit the ANN
asks for a rate in that gap is, as a spiking neuron, either silent or firing at 60 Hz or more.
The LIF cell fires at any rate from 0 Hz, so the same units are faithful. The fraction in the gap
is what the type II onset costs; presenting longer does not help, because the error is in the
curve, not in the counting.
""", answer_zh=r"""
HH 细胞不能以约 2 Hz（仅一个起始脉冲）到约 60 Hz 之间的频率放电：人工神经网络要求落在这个区间内的
每个单元，作为脉冲神经元要么沉默，要么以 60 Hz 以上的频率放电。LIF 细胞可以从 0 Hz 起以任何频率
放电，所以同样的单元能被如实再现。落在区间内的比例就是 II 型起始的代价；延长呈现时间无济于事，
因为误差在曲线里，而不在计数里。
"""),
    heading("summary"),
    md(r"""
* Any cell type's f-I curve, fitted in physical units, is an activation function a network can be
  trained with; the trained weights then run on spiking neurons of that type.
* On real digits, cells whose rate rises from zero (LIF, Wang-Buzsaki, Izhikevich) read about as
  well as their artificial networks; Hodgkin-Huxley, a type II cell, loses a few points.
* Adaptation and slow first spikes shape the accuracy at short presentations
  (`docs/convert.md`).
""", r"""
* 任意细胞类型的 f-I 曲线，在物理单位下拟合后，都是可以用来训练网络的激活函数；训练好的权重随后
  可以在该类型的脉冲神经元上运行。
* 在真实的手写数字上，放电频率从零开始上升的细胞（LIF、Wang-Buzsaki、Izhikevich）识别得和它们的
  人工神经网络差不多好；II 型细胞 Hodgkin-Huxley 则差几个百分点。
* 适应和较晚的第一个脉冲决定了短呈现时间下的准确率（`docs/convert.md`）。
"""),
]
