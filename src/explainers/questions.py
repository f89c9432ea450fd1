"""Self-check questions: their data and their marking, one source for the site, the live
notebook and the teacher's guide. Numbers in questions come from the ledger or the models.
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass
from numbers import Real

import numpy as np

from explainers.ledger import fact
from explainers.models import abliteration, costs, export_controls, grpo, later, memory, moe


@dataclass(frozen=True)
class Option:
    """One answer of a multiple-choice question, with the feedback a reader gets for it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class MultipleChoice:
    """A question with one correct option; each wrong option's feedback names the misconception."""

    id: str
    prompt: str
    options: tuple[Option, ...]

    def __post_init__(self):
        if sum(o.correct for o in self.options) != 1:
            raise ValueError(f"question {self.id!r} must have exactly one correct option")

    def mark(self, choice: int) -> tuple[bool, str]:
        """(correct?, feedback) for the option at index ``choice``."""
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise TypeError(f"choice must be an int, got {type(choice).__name__}: {choice!r}")
        if not 0 <= choice < len(self.options):
            raise ValueError(f"choice must be between 0 and {len(self.options) - 1}, got {choice}")
        option = self.options[choice]
        return option.correct, option.feedback

    @property
    def order(self) -> tuple[int, ...]:
        """The indices of the options in the order readers see them.

        The bank writes the correct option first; shown that way, a reader could learn to pick the top
        answer. A shuffle seeded by the question's id gives each question its own fixed order, the same
        on the site, in a live notebook and in the teacher's answer key.
        """
        order = list(range(len(self.options)))
        random.Random(zlib.crc32(self.id.encode())).shuffle(order)
        return tuple(order)


#: The steps a numeric answer may be asked to, and how a prompt says so.
PRECISION = {1000: "to the nearest thousand", 100: "to the nearest hundred", 10: "to the nearest ten",
             1: "to the nearest whole number", 0.1: "to one decimal place",
             0.01: "to two decimal places", 0.001: "to three decimal places"}


def rounded(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (``step`` one of ``PRECISION``)."""
    return round(round(value / step) * step, 6)


@dataclass(frozen=True)
class Mistake:
    """A named wrong answer: the value a known slip gives, and the feedback that names the slip."""

    value: float
    feedback: str


@dataclass(frozen=True)
class Numeric:
    """A question with a numeric answer, asked to a stated precision.

    The marking rule, the same for every numeric question (and stated in the teacher's guide): an answer
    is right when it is within half a ``step`` of the exact value, so every answer that rounds to the
    right value at the asked precision is right, and more digits never hurt. Then, in order: a named
    ``Mistake`` is diagnosed only when the answer is within half a step of that mistake's value; an
    answer that is the exact value rounded more coarsely than asked is told so (rounding, not a
    misconception); anything else hears whether it is too low or too high.
    """

    id: str
    prompt: str
    answer: float
    step: float
    unit: str
    correct: str
    too_low: str
    too_high: str
    mistakes: tuple[Mistake, ...] = ()

    def __post_init__(self):
        if self.step not in PRECISION:
            raise ValueError(f"question {self.id!r}: step must be one of {sorted(PRECISION)}, got {self.step!r}")
        for m in self.mistakes:
            if abs(m.value - self.answer) <= 2 * self.tolerance:
                raise ValueError(f"question {self.id!r}: mistake value {m.value} is within two tolerances of the "
                                 f"answer {self.answer}, so it could not be told apart from a rounded answer")

    @property
    def tolerance(self) -> float:
        """Half a step of the asked precision."""
        return self.step / 2

    @property
    def ask(self) -> str:
        """The prompt with the precision the answer is marked at."""
        return f"{self.prompt} Give your answer {PRECISION[self.step]}."

    def coarser_roundings(self) -> tuple[tuple[float, str], ...]:
        """The exact answer rounded more coarsely than asked, each with feedback that says so."""
        found = {}
        for step in (s for s in PRECISION if self.step < s <= abs(self.answer)):
            value = rounded(self.answer, step)
            if value not in found and abs(value - self.answer) > self.tolerance:
                found[value] = (f"That is the answer rounded {PRECISION[step]}; "
                                f"the question asks for it {PRECISION[self.step]}.")
        return tuple(found.items())

    def verdict(self, guess: float) -> tuple[str, str]:
        """("right" | "close" | "wrong", feedback) for the number ``guess``, by the rule above."""
        if isinstance(guess, bool) or not isinstance(guess, Real) or not math.isfinite(guess):
            raise TypeError(f"guess must be a finite number, got {guess!r}")
        if abs(guess - self.answer) <= self.tolerance + 1e-12:
            return "right", self.correct
        for m in self.mistakes:
            if abs(guess - m.value) <= self.tolerance + 1e-12:
                return "wrong", m.feedback
        for value, feedback in self.coarser_roundings():
            if abs(guess - value) <= 1e-9 * max(1.0, abs(value)):
                return "close", feedback
        return "wrong", self.too_low if guess < self.answer else self.too_high

    def mark(self, guess: float) -> tuple[bool, str]:
        """(correct?, feedback) for the number ``guess``."""
        state, feedback = self.verdict(guess)
        return state == "right", feedback


Question = MultipleChoice | Numeric


def _intro_scope() -> MultipleChoice:
    cost_text = fact("v3.cost-usd").text()
    return MultipleChoice(
        id="intro-q1",
        prompt=f"The V3 technical report gives a training cost of {cost_text}. What does that figure cover?",
        options=(
            Option("The GPU time of V3's final training run, priced at an assumed rental rate.", True,
                   "The report's Table 1 adds up pre-training, context extension and post-training of "
                   "the final run, then multiplies by an assumed price per GPU-hour."),
            Option("Everything DeepSeek spent to build V3: GPUs, staff, data and experiments.", False,
                   "The report itself leaves out prior research and ablation experiments, and its "
                   "table has no line for buying GPUs, for staff or for data. It prices one run, as if rented."),
            Option("The cost of training DeepSeek-R1.", False,
                   "R1 was trained later, on top of V3-Base; its reinforcement-learning stages were "
                   f"reported separately, at about {fact('r1.rl-cost-usd').text()} (a secondary figure)."),
            Option("What DeepSeek paid a cloud provider to rent its GPUs.", False,
                   f"The {fact('v3.rental-price').text()} per GPU-hour is an assumption the report uses "
                   "to turn GPU-hours into dollars; the report does not say what DeepSeek paid for its cluster."),
        ),
    )


def _intro_price() -> Numeric:
    price = 3.0
    answer = costs.run_cost(price=price).usd / 1e6
    return Numeric(
        id="intro-q2",
        prompt=(f"Suppose H800s rented for ${price:.2f} per GPU-hour instead of the report's "
                f"{fact('v3.rental-price').text()}. What would V3's final run cost, in millions of USD? "
                "Read it off the figure above or do the arithmetic."),
        answer=answer,
        step=0.1,
        unit="million USD",
        correct=f"{fact('v3.total-gpu-hours').text()} GPU-hours × ${price:.2f} = ${answer:.3f}M.",
        too_low=f"Too low. Multiply the run's {fact('v3.total-gpu-hours').text()} GPU-hours by the price.",
        too_high=(f"Too high. Multiply the run's {fact('v3.total-gpu-hours').text()} GPU-hours by the price; "
                  "the answer box takes millions of USD."),
    )


def _cost_math_gap() -> MultipleChoice:
    ratio = fact("llama31-405b.gpu-hours").value / costs.v3_breakdown()["total"]
    return MultipleChoice(
        id="cost-math-q1",
        prompt=(f"Llama 3.1 405B took about {ratio:.0f} times V3's GPU-hours. "
                "What explains most of that gap?"),
        options=(
            Option("V3 activates far fewer parameters per token, so each token needs far fewer FLOPs.", True,
                   f"V3 uses {fact('v3.active-params').text()} of its parameters per token, against "
                   f"{fact('llama31-405b.params').text()} for the dense Llama: the FLOPs ratio is about the "
                   "GPU-hours ratio."),
            Option("DeepSeek's GPUs ran at a much higher utilisation.", False,
                   "Computed the same way, both runs imply about the same utilisation of the "
                   "BF16 peak, around a third."),
            Option("H800s are much faster than H100s.", False,
                   "The H800 has the same compute as the H100; it was cut in interconnect "
                   "bandwidth, which made DeepSeek's job harder, not easier."),
            Option("V3 was trained on far fewer tokens.", False,
                   f"The token counts are similar: {fact('v3.pretrain-tokens').text()} for V3 and "
                   f"about {fact('llama3.tokens-paper').text()} for Llama."),
        ),
    )


def _cost_math_flops() -> Numeric:
    flops = costs.runs()["v3"].flops
    per_param = fact("rule.training-flops-per-param-token").text()
    return Numeric(
        id="cost-math-q2",
        prompt=(f"By the 6ND rule, how many FLOPs did V3's pre-training take, with "
                f"{fact('v3.active-params').text()} active parameters and {fact('v3.pretrain-tokens').text()} "
                "tokens? Answer in units of 10^24 FLOPs: for example, 1.5 means 1.5 × 10^24."),
        answer=flops / 1e24,
        step=0.1,
        unit="× 10^24 FLOPs",
        correct=f"{per_param} × {fact('v3.active-params').text()} × {fact('v3.pretrain-tokens').text()} "
                f"= {flops:.3g} FLOPs.",
        too_low=f"Too low. Multiply {per_param} by the active parameters and by the tokens, then divide by 10^24.",
        too_high="Too high. Multiply the active parameters, not the total, by the tokens and by 6.",
        mistakes=(Mistake(costs.runs()["v3-dense"].flops / 1e24,
                          f"That is the total {fact('v3.total-params').text()} parameters. "
                          "Only the active ones do arithmetic for a token."),),
    )


def _cost_math_mfu() -> Numeric:
    v3 = costs.runs()["v3"]
    flops, mfu = v3.flops, v3.implied_mfu * 100
    peak = fact("chip.h800.dense-tops")
    return Numeric(
        id="cost-math-q3",
        prompt=(f"V3's pre-training used {fact('v3.pretrain-gpu-hours').text()} GPU-hours on H800s whose BF16 "
                f"peak is {peak.text()}. With the 6ND estimate of {flops:.3g} FLOPs, what utilisation of "
                "the peak does that imply, in percent?"),
        answer=mfu,
        step=1,
        unit="%",
        correct=f"{flops:.3g} ÷ (GPU-hours × 3600 × peak) ≈ {mfu:.1f}%.",
        too_low=("Too low. Check the units: GPU-hours × 3600 gives GPU-seconds, and the peak must be in "
                 "FLOP per second (TFLOPS × 10^12); use each conversion once."),
        too_high="Too high. Divide the FLOPs by GPU-hours × 3600 × the peak in FLOP/s, then × 100.",
    )


def _v3_r1_second_sft() -> MultipleChoice:
    samples = fact("r1.reasoning-samples").value + fact("r1.non-reasoning-samples").value
    return MultipleChoice(
        id="v3-vs-r1-q1",
        prompt=(f"R1's second supervised fine-tuning stage trains on about {samples / 1e3:.0f}K samples. "
                "Which model does it start from?"),
        options=(
            Option("DeepSeek-V3-Base, the pre-trained model before any fine-tuning.", True,
                   "The paper retrains from V3-Base on the new samples, then runs a final RL stage."),
            Option("The checkpoint from the reasoning RL stage just before it.", False,
                   "That checkpoint generated the reasoning samples by rejection sampling, but the "
                   "fine-tuning itself starts again from V3-Base."),
            Option("DeepSeek-R1-Zero.", False,
                   "R1-Zero was a separate experiment: pure RL on V3-Base. Some of its readable "
                   "outputs fed the cold-start data, but R1 is not fine-tuned from it."),
            Option("Llama-3.3-70B-Instruct.", False,
                   "Llama-3.3-70B-Instruct is the base of one of the small distilled models; R1 itself "
                   "is built entirely on DeepSeek's own V3-Base."),
        ),
    )


def _v3_r1_active() -> MultipleChoice:
    count = moe.count_params(moe.load_config())
    return MultipleChoice(
        id="v3-vs-r1-q2",
        prompt=f"DeepSeek-V3 and R1 have {fact('v3.total-params').text()} parameters. How many work on each token?",
        options=(
            Option(f"About {fact('v3.active-params').text()}: the shared expert, the chosen routed experts and the "
                   "rest of the network.", True,
                   f"Counting from the released configuration gives {count.active / 1e9:.1f}B per token."),
            Option(f"All {fact('v3.total-params').text()}: it is one very large dense model.", False,
                   "In each MoE layer a router sends the token to a few experts; the others do nothing "
                   "for that token."),
            Option(f"Only the {fact('v3.experts-per-token').text()} chosen experts of one layer.", False,
                   "Attention, the shared expert and the dense layers run for every token too, in "
                   "every one of the layers."),
            Option(f"{fact('v3.active-params').text()} for V3 but all of them for R1.", False,
                   "R1 has exactly V3's architecture; only its training differs."),
        ),
    )


def _v3_r1_kv() -> Numeric:
    config = moe.load_config()
    mla = moe.kv_cache_bytes_per_token(config)
    mha = moe.kv_cache_bytes_per_token(config, attention="mha")
    return Numeric(
        id="v3-vs-r1-q3",
        prompt=(f"At V3's dimensions, MLA caches {mla:,} bytes per token (BF16) and standard multi-head attention "
                f"would cache {mha:,}. How many times smaller is MLA's cache?"),
        answer=mha / mla,
        step=1,
        unit="times",
        correct=f"{mha:,} ÷ {mla:,} ≈ {mha / mla:.0f}.",
        too_low="Too low. Divide the multi-head figure by the MLA figure.",
        too_high="Too high. Divide the multi-head figure by the MLA figure, once.",
    )


def _rl_wrong_answer() -> MultipleChoice:
    rewards = [1, 1, 1, 0]
    a = grpo.group_advantages(rewards)
    return MultipleChoice(
        id="reinforcement-learning-q1",
        prompt=(f"GRPO samples {len(rewards)} answers to one prompt: {sum(rewards)} are right (reward 1) and "
                f"{len(rewards) - sum(rewards)} is wrong (reward 0). What happens to the wrong answer?"),
        options=(
            Option(f"Its advantage is {a[-1]:.2f}".replace("-", "−") + ": the update makes it less likely, more strongly than the right "
                   f"answers ({a[0]:+.2f} each) are made more likely.", True,
                   f"The group's mean is {np.mean(rewards):.2f} and its standard deviation "
                   f"{np.std(rewards):.2f}; the wrong answer sits far below the mean, so it is pushed down hard."),
            Option("Nothing: a reward of 0 means a zero update.", False,
                   "GRPO compares each answer with its group: what matters is the reward minus the "
                   "group's mean, and the mean here is well above 0."),
            Option("A value network estimates how good the answer was and decides.", False,
                   "That is PPO. GRPO has no value network: the group's own mean is the baseline."),
            Option("It is removed from the group, and only right answers are trained on.", False,
                   "That is closer to rejection sampling, which R1 used later for supervised "
                   "fine-tuning. In RL every answer in the group counts."),
        ),
    )


def _rl_no_signal() -> Numeric:
    p, g = 0.2, 4
    answer = grpo.p_no_signal(p, g) * 100
    return Numeric(
        id="reinforcement-learning-q2",
        prompt=(f"A model solves a hard problem {p:.0%} of the time. GRPO samples a group of {g} answers. "
                "What is the chance, in percent, that the group teaches nothing at all?"),
        answer=answer,
        step=1,
        unit="%",
        correct=(f"All right ({p}^{g}) or all wrong ({1 - p:.1f}^{g}) gives {answer:.1f}%. "
                 "Mostly the all-wrong case: hard prompts often give no signal."),
        too_low=(f"Too low. Add two cases: every answer right, {p}^{g}, and every answer wrong, "
                 f"{1 - p:.1f}^{g}."),
        too_high="Too high. Only the all-right and all-wrong groups carry no signal; add those two probabilities.",
    )


def _rl_majority() -> MultipleChoice:
    return MultipleChoice(
        id="reinforcement-learning-q3",
        prompt=(f"A headline says R1-Zero scored {fact('r1zero.aime-cons64').text()}% on AIME 2024 after RL. "
                "What is that number?"),
        options=(
            Option(f"A majority vote: the most common answer among {fact('r1zero.vote-samples').text()} samples "
                   "per problem.", True,
                   f"A single sampled answer, averaged (pass@1), scored {fact('r1zero.aime-end').text()} in "
                   "the January paper. The two measure different things."),
            Option("The share of problems a single answer gets right (pass@1).", False,
                   f"Pass@1 was {fact('r1zero.aime-end').text()} in the January paper; the higher number "
                   f"lets {fact('r1zero.vote-samples').text()} samples vote."),
            Option("The score after the supervised stages that turned R1-Zero into R1.", False,
                   "It is R1-Zero's own score: pure RL, no supervised fine-tuning."),
            Option("OpenAI o1's score, which R1-Zero matched.", False,
                   f"o1-0912 scored {fact('o1-0912.aime-cons64').text()} with the same kind of vote."),
        ),
    )


def _rl_origin() -> MultipleChoice:
    return MultipleChoice(
        id="reinforcement-learning-q4",
        prompt="Where does GRPO, the RL method R1-Zero used, come from?",
        options=(
            Option(f"{fact('grpo.origin').text()}, a year before R1.", True,
                   "R1 adopted it; DeepSeek had also used it for V2 and V3."),
            Option("It was introduced by the R1 paper.", False,
                   "A common mistake. The R1 paper cites DeepSeekMath for it."),
            Option("It is OpenAI's method for o1.", False,
                   "OpenAI has not published how o1 was trained."),
            Option("It is PPO under another name.", False,
                   "It keeps PPO's clipped objective but drops the value network, using the group's "
                   "mean reward as the baseline."),
        ),
    )


def _distill_method() -> MultipleChoice:
    return MultipleChoice(
        id="distillation-q1",
        prompt="How were DeepSeek's R1-Distill models trained?",
        options=(
            Option(f"By {fact('distill.method').text()}, on {fact('distill.samples').text()} samples from "
                   "R1's pipeline.", True,
                   "They learned from text R1's pipeline wrote, as a person learns from worked solutions: "
                   "sequence-level distillation."),
            Option("By reinforcement learning, the same way as R1.", False,
                   "A common mix-up. The paper applies only supervised fine-tuning to the distills and "
                   "leaves RL on them to others."),
            Option("By matching R1's full probability distribution at a high temperature.", False,
                   "That is classic distillation with soft targets. The distills saw only R1's "
                   "generated text: sampled answers, filtered to keep the correct ones."),
            Option("By shrinking R1: removing most of its experts and keeping the rest.", False,
                   "The distills are dense Qwen2.5 and Llama models; they share no weights and no "
                   "architecture with R1."),
        ),
    )


def _distill_base() -> MultipleChoice:
    return MultipleChoice(
        id="distillation-q2",
        prompt="Which model is R1-Distill-Qwen-1.5B built on?",
        options=(
            Option(fact("distill.base.qwen-1.5b").text(), True,
                   "A model already trained for maths, which helps explain its maths scores."),
            Option("Qwen2.5-1.5B, the general-purpose model of the same size.", False,
                   "Many summaries say so, but the R1 paper and README name the maths model."),
            Option(fact("distill.base.llama-8b").text(), False,
                   "Llama-3.1-8B is the base of the 8B distill."),
            Option("A small version of DeepSeek-V3-Base.", False,
                   "DeepSeek did not release a small V3; every distill starts from a Qwen or Llama model."),
        ),
    )


def _distill_memory() -> Numeric:
    arch = memory.architecture("r1-distill-qwen-7b")
    bits = 4
    answer = memory.weights_gb(arch.params, bits)
    return Numeric(
        id="distillation-q3",
        prompt=(f"R1-Distill-Qwen-7B has {arch.params / 1e9:.2f} billion parameters. How many gigabytes do its "
                f"weights take when quantised to {bits} bits per weight?"),
        answer=answer,
        step=0.1,
        unit="GB",
        correct=(f"{arch.params / 1e9:.2f} billion × {bits} bits ÷ 8 bits per byte = {answer:.1f} GB, "
                 "before the KV cache."),
        too_low=f"Too low. Multiply parameters by {bits} bits, then divide by 8 to get bytes.",
        too_high=f"Too high. At {bits} bits a weight takes half a byte.",
        mistakes=(Mistake(memory.weights_gb(arch.params, 16),
                          "That is 2 bytes (16 bits) per weight: the unquantised size. "
                          f"At {bits} bits a weight takes half a byte."),),
    )


def _open_r1_verdict() -> MultipleChoice:  # tests check the verdict it explains against openness.assess
    return MultipleChoice(
        id="open-weights-q1",
        prompt=("DeepSeek-R1's weights are under the MIT licence. Why is R1 still not open source under the "
                "OSI's Open Source AI Definition 1.0?"),
        options=(
            Option("Its training code was not released, and its training data is only outlined in the paper.", True,
                   "The definition asks for the code to train the system and enough information about the "
                   "data to build a substantially equivalent one; MIT-licensed weights are one part of three."),
            Option("Because the MIT licence is not approved by the OSI.", False,
                   "MIT is one of the most common OSI-approved licences. The licence of the weights is "
                   "fine; what is missing is the rest of the recipe."),
            Option("Because the definition requires the full training dataset to be published.", False,
                   "Many summaries say so, but the definition asks for detailed data information; "
                   "data that cannot be shared may be described instead. That is exactly what its critics object to."),
            Option("Because the model comes from a Chinese company.", False,
                   "The definition says nothing about where a developer is based; it looks only at what "
                   "is released and under what terms."),
        ),
    )


def _open_licence() -> MultipleChoice:
    return MultipleChoice(
        id="open-weights-q2",
        prompt=("A start-up fine-tunes DeepSeek-R1-Distill-Llama-70B and sells it to a bank. Which terms does it have "
                "to respect?"),
        options=(
            Option("MIT for DeepSeek's part, and the Llama 3.3 licence of the base model, with its naming rule and "
                   "acceptable use policy.", True,
                   "A fine-tune carries its base's licence: the distill is a modified Llama 3.3, so Meta's "
                   "terms apply alongside DeepSeek's MIT."),
            Option("Only MIT: DeepSeek released all R1 models under MIT.", False,
                   "DeepSeek's README itself says the distilled models keep the licences of their bases."),
            Option(f"The DeepSeek License Agreement: {fact('licence.deepseek.restrictions').text()}.", False,
                   "That licence covers V3's weights in the V3 repository; the R1 family is under MIT, and "
                   "this distill is also under Llama 3.3's licence."),
            Option("None: open weights are in the public domain.", False,
                   "Open weights come with a licence, and using them means accepting it. Public domain is "
                   "a different thing."),
        ),
    )


def _open_ablation() -> Numeric:
    miss = 30.0
    answer = abliteration.ablate(abliteration.REFUSAL_ANGLE + miss).gap_left * 100
    return Numeric(
        id="open-weights-q3",
        prompt=(f"In the toy, the two groups differ along one direction. You remove a direction {miss:.0f}° away "
                "from it instead. What percentage of the distance between the two groups' means is left?"),
        answer=answer,
        step=1,
        unit="%",
        correct=(f"The projection keeps the part of the difference at right angles to the removed direction, "
                 f"sin {miss:.0f}° = {answer / 100:.2f} of it."),
        too_low=("Too low. Only the part of the difference along the removed direction goes; "
                 "the part at right angles stays."),
        too_high=(f"Too high. What remains is the part at right angles to the "
                  f"removed direction: the sine of {miss:.0f}°."),
        mistakes=(Mistake(math.cos(math.radians(miss)) * 100,
                          f"That is the cosine of {miss:.0f}°, the part along the removed direction, which goes. "
                          "What remains is the part at right angles: the sine."),),
    )


def _export_h800_escape() -> MultipleChoice:
    return MultipleChoice(
        id="export-controls-q1",
        prompt="Why could NVIDIA sell the H800 to China under the October 2022 rule?",
        options=(
            Option("Its chip-to-chip interconnect was below the rule's threshold, and the rule needed both compute "
                   "and interconnect to be above theirs.", True,
                   "The H800 kept the H100's compute, far above the compute threshold; the 2022 rule only "
                   "controlled chips above both thresholds, so a slower NVLink was enough. The 2023 rule dropped "
                   "the interconnect test."),
            Option("Its compute was cut below the threshold.", False,
                   "Its dense tensor throughput is the H100's, several times the threshold. The chip "
                   "NVIDIA later cut on compute, for the 2023 rule, was the H20."),
            Option("It was not designed or marketed for data centres.", False,
                   "The H800 is a data-centre part, and the carve-out for other chips only arrived "
                   "with the 2023 rule."),
            Option("It had less memory bandwidth than the H100.", False,
                   "A well-known commentary said so, but its HBM is the H100's; what was cut is NVLink, "
                   "the link between GPUs."),
        ),
    )


def _export_density() -> Numeric:
    sparse, die = 400.0, 600.0  # TFLOPS at 16 bits with sparsity, mm²
    chip = export_controls.Chip("quiz chip", sparse / 2, 16, die, 400.0)
    answer = export_controls.performance_density(chip)
    return Numeric(
        id="export-controls-q2",
        prompt=(f"A datasheet gives a chip {sparse:.0f} TFLOPS of 16-bit tensor throughput \"with sparsity\", on a "
                f"die of {die:.0f} mm². What is its performance density (TPP per mm²)?"),
        answer=answer,
        step=0.1,
        unit="TPP per mm²",
        correct=(f"The dense rate is half the sparsity figure, {sparse / 2:.0f} TFLOPS, so TPP is "
                 f"{export_controls.tpp(chip):,.0f} and the density {answer:.2f}, tier .b of the 2023 rule."),
        too_low="Too low. TPP is the dense rate times the bit length, divided by the die area.",
        too_high="Too high. TPP counts dense operations, half of the with-sparsity number.",
        mistakes=(Mistake(sparse / 2 / 16 / die, "Did you divide by the bit length? TPP is the dense rate "
                          "times the bit length."),
                  Mistake(sparse * 16 / die, "That uses the sparsity figure. TPP counts dense operations, half of "
                          "the with-sparsity number.")),
    )


def _export_what_was_cut() -> MultipleChoice:
    stated, h800 = fact("v3.nvlink-stated"), export_controls.CHIPS["H800"]
    share = export_controls.one_way_share(stated.value, h800) * 100
    return MultipleChoice(
        id="export-controls-q3",
        prompt=(f"DeepSeek-V3's paper states {stated.text()} GB/s over NVLink, while spec tables "
                f"give the H800 {fact('chip.h800.io').text()}. What does the difference tell you?"),
        options=(
            Option("The paper gives one direction and the tables both added together; like with like the paper's "
                   "figure is most of the H800's one-way bandwidth, and both sit well below the H100's NVLink.", True,
                   f"Halve the table's total to compare one direction with one direction: {share:.0f}%. DeepSeek's "
                   f"DeepEP library calls about {stated.text()} GB/s the H800's NVLink maximum, and both numbers "
                   "are far below the H100's NVLink."),
            Option(f"The paper's kernels reached only {stated.value / h800.io_gbps * 100:.0f}% of the H800's NVLink.",
                   False,
                   "That divides a one-way rate by a two-way total. Halve the total first: like with like, "
                   f"the paper's figure is {share:.0f}% of it."),
            Option("DeepSeek's cluster used H100s, not H800s.", False,
                   "The paper names H800s, and nothing in these numbers points to H100s; an H100 would "
                   "make the gap larger, not smaller."),
            Option("The H800's memory was slower than the H100's.", False,
                   "NVLink links GPUs to each other; memory bandwidth is a different number, and the "
                   "H800's equals the H100's."),
        ),
    )


def _next_sparse_saves() -> MultipleChoice:
    top_k = fact("v32exp.index-topk").text()
    return MultipleChoice(
        id="what-happened-next-q1",
        prompt="What does V3.2's sparse attention reduce, compared with V3's attention?",
        options=(
            Option("The work each new token spends on attention when the context is long.", True,
                   f"Each new token reads only the indexer's top {top_k} earlier tokens; the indexer still scores "
                   "every token, but far more cheaply."),
            Option("The memory the KV cache takes.", False,
                   "Every token still leaves its latent vector in the cache, and V3.2 adds the indexer's key; "
                   "reading fewer entries is not storing fewer."),
            Option("The work at every context length, short ones included.", False,
                   f"Below {top_k} tokens every token is read anyway, and the indexer's work comes on top: "
                   "short contexts cost slightly more."),
            Option("The number of parameters each token activates.", False,
                   "That is what the mixture of experts does, in V3 already. Sparse attention changes which "
                   "earlier tokens are read, not which weights are used."),
        ),
    )


def _next_saving() -> Numeric:
    context = later.CONTEXTS[-2]
    w = later.attention_work(context)
    return Numeric(
        id="what-happened-next-q2",
        prompt=(f"With {context:,} tokens already in the context, how many times less attention work per new "
                "token does sparse attention do than dense, by this chapter's count? Read it off the figure "
                "or compute it with later.attention_work."),
        answer=w.saving,
        step=0.1,
        unit="times",
        correct=(f"Dense: {w.dense / 1e9:.2f} billion multiply-adds; sparse: {w.sparse / 1e9:.2f} billion, "
                 f"the indexer included; {w.saving:.2f} times less."),
        too_low="Too low. Dense work grows with every earlier token; sparse work reads only the top-k and the indexer.",
        too_high="Too high. The indexer scores every earlier token: count its work as well as the top-k's.",
        mistakes=(Mistake(w.dense / w.selected, "That leaves out the indexer, which still scores every earlier "
                                                 "token; at long contexts it is most of sparse attention's work."),),
    )


def _next_merged() -> MultipleChoice:
    return MultipleChoice(
        id="what-happened-next-q3",
        prompt="DeepSeek-V3.1 merged the V3 and R1 lines. What does that mean?",
        options=(
            Option("One set of weights answers either at once or after a thinking phase, chosen by the chat "
                   "template.", True,
                   f"V3.1 is {fact('v31.modes').text()}, the size of V3 ({fact('v31.params').text()})."),
            Option("R1 was distilled into V3's weights, and the thinking was removed.", False,
                   "V3.1 keeps the thinking; it is a mode the same weights can run in or not."),
            Option("A new architecture replaced V3's.", False,
                   f"V3.1 has V3's architecture and size ({fact('v31.params').text()}), built on the original "
                   "V3 base checkpoint; the architecture changed only with V3.2's sparse attention."),
            Option("Two models are served behind one name.", False,
                   "There is one set of weights; the chat template switches the mode."),
        ),
    )


def questions(chapter: str) -> tuple[Question, ...]:
    """The self-check questions of a chapter, by its slug."""
    bank = {"intro": (_intro_scope, _intro_price),
            "cost-math": (_cost_math_gap, _cost_math_flops, _cost_math_mfu),
            "v3-vs-r1": (_v3_r1_second_sft, _v3_r1_active, _v3_r1_kv),
            "reinforcement-learning": (_rl_wrong_answer, _rl_no_signal, _rl_majority, _rl_origin),
            "distillation": (_distill_method, _distill_base, _distill_memory),
            "open-weights": (_open_r1_verdict, _open_licence, _open_ablation),
            "export-controls": (_export_h800_escape, _export_density, _export_what_was_cut),
            "what-happened-next": (_next_sparse_saves, _next_saving, _next_merged)}
    if chapter not in bank:
        raise ValueError(f"chapter must be one of {sorted(bank)}, got {chapter!r}")
    return tuple(make() for make in bank[chapter])


def question(qid: str) -> Question:
    """One question by its id, e.g. ``"intro-q1"``."""
    chapter = qid.rsplit("-q", 1)[0]
    for q in questions(chapter):
        if q.id == qid:
            return q
    raise ValueError(f"no question {qid!r} in chapter {chapter!r}")
