"""Lesson 7: networks of spiking neurons and their mean field."""

from build_lessons import code, exercise, heading, md

CELLS = [
    md(r"""
# Lesson 7 — Networks and mean field

*neurosim lessons · [中文版](../zh/07_networks_and_mean_field.ipynb)*
""", r"""
# 第 7 课 神经网络与平均场理论

*neurosim 课程 · [English version](../en/07_networks_and_mean_field.ipynb)*
"""),
    heading("goals"),
    md(r"""
1. Simulate Brunel's network of excitatory and inhibitory LIF neurons in its asynchronous
   irregular state.
2. Predict its firing rate without simulating: each population's activation function is the
   Siegert rate of Lesson 3, and the network's rate solves $\nu = \phi(\nu)$.
3. Use the mean field to explore how inhibition and external drive set the rate, and know where
   the theory stops.
""", r"""
1. 模拟 Brunel 的兴奋性/抑制性 LIF 神经元网络，使其处于异步不规则状态。
2. 不做模拟就预测它的放电频率：每个群体的激活函数就是第 3 课的 Siegert 放电频率，网络的放电
   频率满足自洽方程 $\nu = \phi(\nu)$。
3. 用平均场理论探索抑制强度与外部驱动如何决定放电频率，并知道理论在哪里失效。
"""),
    heading("theory"),
    md(r"""
Brunel's model A: $N_E = 4N_I$ LIF neurons; each receives $C_E = 1000$ excitatory synapses of weight
$J$, $C_I = 250$ inhibitory ones of weight $-gJ$ (delay $D$), and $C_E$ external Poisson inputs at rate
$\nu_{ext} = \eta\,\nu_{thr}$. If all neurons fire at rate $\nu$, the input to one neuron is, in the
diffusion approximation, Gaussian with

$$\mu = \tau_m J\,(C_E \nu_{ext} + C_E \nu - g\,C_I \nu), \qquad
\sigma^2 = \tau_m J^2\,(C_E \nu_{ext} + C_E \nu + g^2 C_I \nu),$$

and the neuron fires at the Siegert rate $\phi(\mu, \sigma)$ (Lesson 3). Stationary states are the
self-consistent solutions $\nu = \phi(\mu(\nu), \sigma(\nu))$: the population's activation function
applied to its own output. The rate dynamics $\tau\,d\nu/dt = -\nu + \phi(\nu)$ (Wilson-Cowan form)
tells whether a solution is stable. It has no delays, so it cannot predict the synchronous
oscillations of Brunel's SI states.

References: N. Brunel, J. Comput. Neurosci. 8, 183 (2000), Eqs. 4-5 and 21; D. J. Amit,
N. Brunel, Cereb. Cortex 7, 237 (1997); H. R. Wilson, J. D. Cowan, Biophys. J. 12, 1 (1972).
Details and measurements: `docs/network.md`.
""", r"""
Brunel 模型 A：$N_E = 4N_I$ 个 LIF 神经元；每个神经元接收 $C_E = 1000$ 个权重为 $J$ 的兴奋性突触、
$C_I = 250$ 个权重为 $-gJ$ 的抑制性突触（传递延迟 $D$），以及 $C_E$ 个频率为
$\nu_{ext} = \eta\,\nu_{thr}$ 的外部泊松输入。若所有神经元都以频率 $\nu$ 放电，则在扩散近似下，
单个神经元的输入是高斯型的，其均值与方差为

$$\mu = \tau_m J\,(C_E \nu_{ext} + C_E \nu - g\,C_I \nu), \qquad
\sigma^2 = \tau_m J^2\,(C_E \nu_{ext} + C_E \nu + g^2 C_I \nu),$$

神经元以 Siegert 放电频率 $\phi(\mu, \sigma)$ 放电（第 3 课）。稳态就是自洽解
$\nu = \phi(\mu(\nu), \sigma(\nu))$：群体的激活函数作用于它自己的输出。频率动力学
$\tau\,d\nu/dt = -\nu + \phi(\nu)$（Wilson-Cowan 形式）判断解是否稳定。它没有传递延迟，因此无法
预测 Brunel 同步不规则（SI）状态中的同步振荡。

参考文献：N. Brunel, J. Comput. Neurosci. 8, 183（2000），式 4-5 和式 21；D. J. Amit, N. Brunel,
Cereb. Cortex 7, 237（1997）；H. R. Wilson, J. D. Cowan, Biophys. J. 12, 1（1972）。
详细说明与测量结果见 `docs/network.md`。
"""),
    md(r"""
## 1. The mean-field prediction
`brunel2000("AI", scale=0.1)` is the network at a tenth of its full size (1250 neurons; the
in-degrees stay 1000 and 250, so the mean field does not change). `mean_field` finds every fixed
point and its stability.
""", r"""
## 1. 平均场预测
`brunel2000("AI", scale=0.1)` 是全尺寸网络的十分之一（1250 个神经元；输入连接数仍为 1000 和 250，
因此平均场不变）。`mean_field` 找出所有不动点及其稳定性。
"""),
    code(r"""
import matplotlib.pyplot as plt
import numpy as np
from brian2 import Hz, second

from neurosim.bio.network import brunel2000, simulate_network
from neurosim.bridge import mean_field, transfer
from neurosim.demo.i18n import use_in_notebook
from neurosim.plotting.network import plot_population_rate, plot_raster

use_in_notebook("en")  # the labels neurosim draws, in this notebook's language

spec = brunel2000("AI", scale=0.1)
theory = mean_field(spec)
print(f"{spec.n_neurons} neurons")
for point in theory.fixed_points:
    print(f"fixed point: E {point.rates[0] / Hz:.2f} Hz, I {point.rates[1] / Hz:.2f} Hz, "
          f"stable: {point.stable}")
"""),
    md(r"""
## 2. The network's activation function
Draw $\phi(\nu)$ for all populations at the same rate $\nu$: inhibition dominates, so the more the
network fires, the less each neuron is driven. The fixed point is where $\phi(\nu)$ crosses the
diagonal.
""", r"""
## 2. 网络的激活函数
在所有群体频率都为 $\nu$ 时画出 $\phi(\nu)$：抑制占优，网络放电越多，每个神经元受到的驱动就越弱。
不动点就是 $\phi(\nu)$ 与对角线的交点。
"""),
    code(r"""
nu = np.linspace(0, 100, 101)
phi = transfer(spec, np.vstack([nu, nu]) * Hz)[0] / Hz
fig, ax = plt.subplots(figsize=(5.5, 4))
ax.plot(nu, phi, label="phi(nu): Siegert rate given nu")
ax.plot(nu, nu, "k--", label="nu = phi(nu)")
ax.plot(theory.rate("E") / Hz, theory.rate("E") / Hz, "o", color="C3", label="fixed point")
ax.set(xlabel="rate of the network nu (Hz)", ylabel="output rate (Hz)")
ax.legend()
plt.show()
"""),
    md(r"""
## 3. The spiking network
0.4 s of the 1250-neuron network in Brian2 (the first 100 ms are dropped from the statistics).
""", r"""
## 3. 脉冲神经网络
在 Brian2 中模拟这个 1250 个神经元的网络 0.4 s（统计时去掉前 100 ms）。
"""),
    code(r"""
result = simulate_network(spec, 0.4 * second, seed=1)
fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4))
plot_raster(result, left)
plot_population_rate(result, right, mean_field_rate=theory.rate("E"))
plt.show()
for population in ("E", "I"):
    print(f"{population}: simulated {result.mean_rate(population) / Hz:.1f} Hz, mean field "
          f"{theory.rate(population) / Hz:.1f} Hz, ISI CV {result.mean_cv(population):.2f}, "
          f"synchrony chi {result.chi(population):.2f}")
"""),
    md(r"""
The simulated rate lies above the mean field (by roughly 10-20 % here): in a network of 1250
neurons with 1000 inputs each, neurons share most of their inputs, and these correlations
(neglected by the theory) grow as the network shrinks (`docs/network.md`: 1.2 % at full size with
NEST, 9 % at scale 0.1 over 0.6 s; a 0.4 s run adds its own sampling error). The CV near
or above 0.5 says each neuron fires irregularly — the "asynchronous irregular" state.
""", r"""
模拟的放电频率高于平均场（这里约高 10-20%）：在 1250 个神经元、每个神经元有 1000 个输入的网络中，
神经元共享大部分输入，这些相关性（理论忽略了它们）随网络变小而增大（`docs/network.md`：用 NEST
模拟全尺寸网络时偏差 1.2%，尺寸为 0.1、时长 0.6 s 时 9%；0.4 s 的模拟还有其自身的抽样误差）。峰间间隔变异系数（CV）接近或大于 0.5，说明每个神经元的放电不规则
——这就是"异步不规则"状态。
"""),
    heading("exercise", 2),
    exercise(1, r"""
Using the mean field only, compute the excitatory rate for relative inhibition
$g = 4, 5, 6, 8$ (`brunel2000("AI", scale=0.1, g=...)`). How does the rate depend on $g$, and why?
""", r"""
只用平均场理论，计算相对抑制强度 $g = 4, 5, 6, 8$ 时兴奋性群体的放电频率
（`brunel2000("AI", scale=0.1, g=...)`）。放电频率如何依赖于 $g$？为什么？
""", solution=r"""
# Solution
for g in (4, 5, 6, 8):
    rate = mean_field(brunel2000("AI", scale=0.1, g=g)).rate("E")
    print(f"g = {g}: {rate / Hz:6.2f} Hz")
""", answer_en=r"""
The rate falls as $g$ grows: stronger inhibition lowers the mean input $\mu$ for the same network
rate, so the crossing of $\phi(\nu)$ with the diagonal moves down. Recurrent inhibition acts as
negative feedback that keeps the rate low and stable (for $g > 4$ inhibition outweighs excitation,
since $g\,C_I > C_E$).
""", answer_zh=r"""
放电频率随 $g$ 增大而下降：抑制越强，在相同网络频率下平均输入 $\mu$ 越低，$\phi(\nu)$ 与对角线的
交点随之下移。循环抑制是一种负反馈，使放电频率保持在较低而稳定的水平（$g > 4$ 时
$g\,C_I > C_E$，抑制超过兴奋）。
"""),
    exercise(2, r"""
Raise the external drive to $\eta = 3$ (`brunel2000("AI", scale=0.1, eta=3.0)`). Predict the new
rate with the mean field, then simulate 0.4 s and compare.
""", r"""
把外部驱动提高到 $\eta = 3$（`brunel2000("AI", scale=0.1, eta=3.0)`）。先用平均场预测新的放电
频率，再模拟 0.4 s 进行比较。
""", solution=r"""
# Solution
driven = brunel2000("AI", scale=0.1, eta=3.0)
predicted = mean_field(driven).rate("E")
simulated = simulate_network(driven, 0.4 * second, seed=2).mean_rate("E")
print(f"eta = 3: mean field {predicted / Hz:.1f} Hz, simulated {simulated / Hz:.1f} Hz")
""", answer_en=r"""
Both rise. The mean field follows the drive without any simulation, and the spiking network lands
about 10 % above it, with the same finite-size bias as at $\eta = 2$. This is the point of a mean
field: a network of 1250 spiking neurons summarised by one activation function and one equation.
""", answer_zh=r"""
两者都升高。平均场无需任何模拟就能跟上驱动的变化，脉冲神经网络的结果比它
约高 10%，偏差与 $\eta = 2$ 时同样来自网络规模有限。这正是平均场的意义：用一个激活函数和一个方程概括
1250 个脉冲神经元组成的网络。
"""),
    heading("summary"),
    md(r"""
* A population of spiking neurons has an activation function too: the Siegert rate $\phi(\nu)$ of
  the input that the network itself generates.
* The network's rate is a fixed point $\nu = \phi(\nu)$; in Brunel's AI state the mean field
  predicts it to within 10-20 % for this small network, and to about 1 % at full size.
* The rate network $\tau\,d\nu/dt = -\nu + \phi(\nu)$ is exactly the kind of unit an artificial network
  uses — but it misses what needs delays and spike timing (synchronous oscillations).
* This closes the loop of the lessons: from one membrane (Lesson 1) to the f-I curve as an
  activation function (2-4), learning (5), spiking networks that compute (6) and networks
  summarised by activation functions (7).
""", r"""
* 脉冲神经元群体同样有激活函数：网络自身产生的输入所对应的 Siegert 放电频率 $\phi(\nu)$。
* 网络的放电频率是不动点 $\nu = \phi(\nu)$；在 Brunel 的异步不规则状态下，对这个小网络平均场的
  预测误差约为 10-20%，对全尺寸网络约为 1%。
* 频率网络 $\tau\,d\nu/dt = -\nu + \phi(\nu)$ 正是人工神经网络所用的那种单元——但它抓不住需要传递
  延迟和脉冲时间的现象（同步振荡）。
* 至此课程形成闭环：从一片细胞膜（第 1 课），到作为激活函数的 f-I 曲线（第 2-4 课）、学习
  （第 5 课）、能够计算的脉冲神经网络（第 6 课），再到由激活函数概括的神经网络（第 7 课）。
"""),
]
