"""What a model release contains, under which licences, and whether it is open source.

Used in: the open-weights chapter (``open-weights``). The yardstick is the Open Source Initiative's
Open Source AI Definition 1.0 (OSAID, October 2024): a system is open source when its parameters,
the complete code to train and run it, and sufficiently detailed information about its training
data are all available under OSI-approved terms. The training data itself is not required.

Every statement about a release or a licence points to a ledger fact (its ``fact`` key), which
holds the words the page shows, the source and the grade. This module adds only the structure:
which component is released, under which licences, and which licence terms are free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from explainers.ledger import fact
from explainers.params import Choice, controls

# --- Components of a release -------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """One thing a release can contain, and what OSAID 1.0 asks of it (``None``: nothing)."""

    key: str
    label: str
    osaid: str | None  # "parameters", "code" or "data information"


COMPONENTS = MappingProxyType({c.key: c for c in (
    Component("weights", "Weights", "parameters"),
    Component("inference-code", "Architecture and inference code", "code"),
    Component("training-code", "Training and data-processing code", "code"),
    Component("data-information", "Data information", "data information"),
    Component("training-data", "Training data itself", None),
    Component("paper", "Paper or technical report", None),
)})
REQUIRED = tuple(key for key, c in COMPONENTS.items() if c.osaid)

STATUSES = ("released", "partial", "withheld")

# --- Licences ----------------------------------------------------------------------------------

#: The terms the licence comparison sets side by side, in order.
TERMS = MappingProxyType({
    "commercial": "Commercial use",
    "derivatives": "Modify and build on it",
    "redistribution": "Redistribute",
    "restrictions": "Use restrictions",
    "user-limit": "Limit on users",
    "attribution": "Notice and naming",
})
#: How free a term is: the comparison colours it.
LEVELS = ("free", "conditions", "restricted")


@dataclass(frozen=True)
class Term:
    """One licence term: how free it is, and the ledger fact that says so in words."""

    level: str
    fact: str

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {self.level!r}")

    @property
    def text(self) -> str:
        return fact(self.fact).text()


@dataclass(frozen=True)
class Licence:
    """A licence, whether the OSI approves it (or, for data, accepts its terms), and its terms."""

    key: str
    name: str
    osi_terms: bool
    osi_fact: str
    terms: MappingProxyType  # term key -> Term


def _licence(key, name, osi_terms, osi_fact, **terms) -> Licence:
    levels = {t.replace("_", "-"): Term(*value) for t, value in terms.items()}
    return Licence(key, name, osi_terms, osi_fact, MappingProxyType(levels))


_LLAMA_TERMS = dict(  # Llama 3.1 and 3.3 have the same terms
    commercial=("conditions", "licence.llama.commercial"), derivatives=("conditions", "licence.llama.derivatives"),
    redistribution=("conditions", "licence.llama.redistribution"),
    restrictions=("restricted", "licence.llama.restrictions"), user_limit=("restricted", "licence.llama.user-limit"),
    attribution=("restricted", "licence.llama.naming"))

LICENCES = MappingProxyType({lic.key: lic for lic in (
    _licence("mit", "MIT License", True, "licence.mit.osi",
             commercial=("free", "licence.mit.use"), derivatives=("free", "licence.mit.use"),
             redistribution=("free", "licence.mit.use"), restrictions=("free", "licence.permissive.restrictions"),
             user_limit=("free", "licence.permissive.user-limit"),
             attribution=("conditions", "licence.mit.notice")),
    _licence("apache-2.0", "Apache License 2.0", True, "licence.apache.osi",
             commercial=("free", "licence.apache.use"), derivatives=("free", "licence.apache.use"),
             redistribution=("conditions", "licence.apache.redistribution"),
             restrictions=("free", "licence.permissive.restrictions"),
             user_limit=("free", "licence.permissive.user-limit"),
             attribution=("conditions", "licence.apache.notice")),
    _licence("deepseek-model", "DeepSeek License Agreement v1.0", False, "licence.deepseek.osi",
             commercial=("free", "licence.deepseek.commercial"),
             derivatives=("conditions", "licence.deepseek.derivatives"),
             redistribution=("conditions", "licence.deepseek.redistribution"),
             restrictions=("restricted", "licence.deepseek.restrictions"),
             user_limit=("free", "licence.deepseek.user-limit"),
             attribution=("conditions", "licence.deepseek.notice")),
    _licence("llama-3.1", "Llama 3.1 Community License", False, "licence.llama.osi", **_LLAMA_TERMS),
    _licence("llama-3.3", "Llama 3.3 Community License", False, "licence.llama.osi", **_LLAMA_TERMS),
    _licence("qwen", "Qwen License Agreement", False, "licence.qwen.osi",
             commercial=("conditions", "licence.qwen.commercial"),
             derivatives=("conditions", "licence.qwen.derivatives"),
             redistribution=("conditions", "licence.qwen.redistribution"),
             restrictions=("conditions", "licence.qwen.restrictions"),
             user_limit=("restricted", "licence.qwen.user-limit"),
             attribution=("conditions", "licence.qwen.naming")),
)})


# --- Releases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One component of a release: released, partial or withheld, the licences that govern it
    (all of them apply: a fine-tune carries its base's licence too), and the ledger fact that says
    so (``None`` only for a what-if change the reader made)."""

    status: str
    licences: tuple[str, ...]
    fact: str | None

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")
        if not isinstance(self.licences, tuple) or not all(isinstance(k, str) for k in self.licences):
            raise TypeError(f"licences must be a tuple of licence keys (str), got {self.licences!r}")
        if self.fact is not None and not isinstance(self.fact, str):
            raise TypeError(f"fact must be a ledger key (str) or None, got {self.fact!r}")
        unknown = [k for k in self.licences if k not in LICENCES]
        if unknown:
            raise ValueError(f"licences must be keys of LICENCES {list(LICENCES)}, got {unknown}")

    @property
    def text(self) -> str:
        """The words the scorecard shows for this part."""
        if self.fact is None:
            return f"what if: {WHAT_IF[self.status]}"
        return fact(self.fact).text()


@dataclass(frozen=True)
class Release:
    """A model release as it stood when it came out: one :class:`Part` per component."""

    name: str
    developer: str
    date_fact: str
    parts: MappingProxyType  # component key -> Part

    def __post_init__(self):
        if set(self.parts) != set(COMPONENTS):
            raise ValueError(f"release {self.name!r} must describe exactly the components {list(COMPONENTS)}, "
                             f"got {list(self.parts)}")

    @property
    def date(self) -> str:
        return fact(self.date_fact).text()


def _release(name, developer, date_fact, **parts) -> Release:
    given = {c.replace("_", "-"): Part(*p) for c, p in parts.items()}
    return Release(name, developer, date_fact, MappingProxyType(given))


_DEEPSEEK_WITHHELD = ("withheld", (), "release.deepseek.withheld")
_PAPER = ("released", (), "release.paper")
_STANDARD_CODE = ("released", ("apache-2.0",), "release.standard-code")
_DISTILL = dict(  # what the two distills share: R1's paper, no training code or data of their own
    inference_code=_STANDARD_CODE, training_code=_DEEPSEEK_WITHHELD,
    data_information=("partial", (), "release.deepseek-r1.data"), training_data=_DEEPSEEK_WITHHELD, paper=_PAPER)

RELEASES = MappingProxyType({r.name: r for r in (
    _release("DeepSeek-V3", "DeepSeek", "v3.release-date",
             weights=("released", ("deepseek-model",), "release.deepseek-v3.weights"),
             inference_code=("released", ("mit",), "release.deepseek-v3.code"),
             training_code=_DEEPSEEK_WITHHELD,
             data_information=("partial", (), "release.deepseek-v3.data"),
             training_data=_DEEPSEEK_WITHHELD, paper=_PAPER),
    _release("DeepSeek-V3-0324", "DeepSeek", "v3-0324.date",
             weights=("released", ("mit",), "release.deepseek-v3-0324.weights"),
             inference_code=("released", ("mit",), "release.deepseek-v3.code"),
             training_code=("partial", (), "release.deepseek.infra"),
             data_information=("partial", (), "release.deepseek-v3.data"),
             training_data=_DEEPSEEK_WITHHELD,
             paper=("withheld", (), "release.deepseek-v3-0324.paper")),
    _release("DeepSeek-R1", "DeepSeek", "r1.release-date",
             weights=("released", ("mit",), "release.deepseek-r1.weights"),
             inference_code=("released", ("mit",), "release.deepseek-r1.code"),
             training_code=_DEEPSEEK_WITHHELD,
             data_information=("partial", (), "release.deepseek-r1.data"),
             training_data=_DEEPSEEK_WITHHELD, paper=_PAPER),
    _release("DeepSeek-R1-Distill-Llama-70B", "DeepSeek", "r1.release-date",
             weights=("released", ("mit", "llama-3.3"), "release.distill-llama-70b.weights"), **_DISTILL),
    _release("DeepSeek-R1-Distill-Qwen-32B", "DeepSeek", "r1.release-date",
             weights=("released", ("mit", "apache-2.0"), "release.distill-qwen-32b.weights"), **_DISTILL),
    _release("Llama 3.1 405B", "Meta", "release.llama-3.1.date",
             weights=("released", ("llama-3.1",), "release.llama-3.1.weights"),
             inference_code=_STANDARD_CODE,
             training_code=("partial", (), "release.llama-3.1.training"),
             data_information=("partial", (), "release.described-not-released"),
             training_data=("withheld", (), "release.described-not-released"), paper=_PAPER),
    _release("Qwen2.5-72B", "Alibaba", "release.qwen2.5.date",
             weights=("released", ("qwen",), "release.qwen2.5-72b.weights"),
             inference_code=_STANDARD_CODE,
             training_code=("withheld", (), "release.qwen2.5.training"),
             data_information=("partial", (), "release.described-not-released"),
             training_data=("withheld", (), "release.described-not-released"), paper=_PAPER),
    _release("Mixtral 8x7B", "Mistral AI", "release.mixtral.date",
             weights=("released", ("apache-2.0",), "release.mixtral.weights"),
             inference_code=_STANDARD_CODE,
             training_code=("withheld", (), "release.mixtral.withheld"),
             data_information=("withheld", (), "release.mixtral.withheld"),
             training_data=("withheld", (), "release.mixtral.withheld"), paper=_PAPER),
    _release("OLMo 2", "Ai2", "release.olmo-2.date",
             weights=("released", ("apache-2.0",), "release.olmo-2.weights"),
             inference_code=("released", ("apache-2.0",), "release.olmo-2.code"),
             training_code=("released", ("apache-2.0",), "release.olmo-2.code"),
             data_information=("released", (), "release.olmo-2.data"),
             training_data=("released", (), "release.olmo-2.data"), paper=_PAPER),
)})


def _check_release(release) -> Release:
    if not isinstance(release, Release):
        raise TypeError(f"release must be a Release (see RELEASES), got {type(release).__name__}: {release!r}")
    return release


def _check_component(component) -> str:
    if not isinstance(component, str):
        raise TypeError(f"component must be a str, got {type(component).__name__}: {component!r}")
    if component not in COMPONENTS:
        raise ValueError(f"component must be one of {list(COMPONENTS)}, got {component!r}")
    return component


def is_open(component: str, part: Part) -> bool:
    """Whether a part is out with nothing closed about it: released, every licence on it OSI-approved.

    Code and weights also need a licence. Data information, papers and data are documents: the book
    counts them as open when they are published in full and nothing restricts them. For a required
    component this is the definition's test.
    """
    component = _check_component(component)
    if not isinstance(part, Part):
        raise TypeError(f"part must be a Part, got {type(part).__name__}: {part!r}")
    if part.status != "released" or not all(LICENCES[k].osi_terms for k in part.licences):
        return False
    return bool(part.licences) or COMPONENTS[component].osaid in (None, "data information")


def _shortfall(key: str, part: Part) -> str:
    label = COMPONENTS[key].label.lower()
    if part.status == "withheld":
        return f"{label}: not released"
    if part.status == "partial":
        return f"{label}: only in part ({part.text})"
    if not part.licences:
        return f"{label}: released without a licence"
    closed = [LICENCES[k].name for k in part.licences if not LICENCES[k].osi_terms]
    return f"{label}: under the {' and the '.join(closed)}, not OSI-approved"


@dataclass(frozen=True)
class Assessment:
    """The verdict on a release under OSAID 1.0, and what stands in the way."""

    open_source: bool
    open_weights: bool
    missing: tuple[str, ...]  # component keys that keep it from being open source
    reasons: tuple[str, ...]  # one phrase per missing component

    @property
    def verdict(self) -> str:
        if self.open_source:
            return "open source (OSAID 1.0)"
        return "open weights, not open source" if self.open_weights else "closed: no open weights"


def assess(release: Release) -> Assessment:
    """Judge ``release`` against OSAID 1.0.

    Open weights: the weights can be downloaded, under whatever licence. Open source: every
    component OSAID requires (:data:`REQUIRED`) is released under OSI-approved terms.
    """
    release = _check_release(release)
    missing = tuple(k for k in REQUIRED if not is_open(k, release.parts[k]))
    return Assessment(
        open_source=not missing,
        open_weights=release.parts["weights"].status == "released",
        missing=missing,
        reasons=tuple(_shortfall(k, release.parts[k]) for k in missing),
    )


#: What a flipped component becomes: opened under MIT (the licence DeepSeek moved its weights
#: to), or withheld. The scorecard shows these words in place of a sourced fact.
WHAT_IF_LICENCE = "mit"
WHAT_IF = {"released": "released under MIT", "withheld": "withheld"}


def flip(release: Release, component: str) -> Release:
    """``release`` with one component changed: opened under MIT if it falls short, withheld if it is open."""
    release, component = _check_release(release), _check_component(component)
    opened = is_open(component, release.parts[component])
    changed = Part("withheld", (), None) if opened else Part("released", (WHAT_IF_LICENCE,), None)
    return replace(release, parts=MappingProxyType({**release.parts, component: changed}))


# --- The explorables -----------------------------------------------------------------------------

NO_CHANGE = "none"
SCORECARD_SPEC = {
    "release": Choice(tuple((name, name) for name in RELEASES), "Release"),
    "change": Choice(((NO_CHANGE, "nothing: as released"),
                      *((key, f"flip: {c.label.lower()}") for key, c in COMPONENTS.items())), "What if"),
}


@dataclass(frozen=True)
class Scorecard:
    """Result of :func:`scorecard`: a release, possibly with one component flipped, and its verdict."""

    release: Release
    change: str | None  # the flipped component, if any
    assessment: Assessment
    as_released: Assessment


@controls(SCORECARD_SPEC)
def scorecard(release: str = "DeepSeek-R1", change: str = NO_CHANGE) -> Scorecard:
    """The components of ``release`` and its verdict, with ``change`` flipped (see :func:`flip`)."""
    name = SCORECARD_SPEC["release"].check("release", release)
    change = SCORECARD_SPEC["change"].check("change", change)
    original = RELEASES[name]
    changed = original if change == NO_CHANGE else flip(original, change)
    return Scorecard(changed, None if change == NO_CHANGE else change, assess(changed), assess(original))


LICENCE_SPEC = {
    "left": Choice(tuple((k, lic.name) for k, lic in LICENCES.items()), "Left licence"),
    "right": Choice(tuple((k, lic.name) for k, lic in LICENCES.items()), "Right licence"),
}


@dataclass(frozen=True)
class LicencePair:
    """Result of :func:`compare_licences`: two licences and the terms where they differ."""

    left: Licence
    right: Licence

    @property
    def differences(self) -> tuple[str, ...]:
        return tuple(t for t in TERMS if self.left.terms[t].level != self.right.terms[t].level)


@controls(LICENCE_SPEC)
def compare_licences(left: str = "mit", right: str = "deepseek-model") -> LicencePair:
    """Two licences side by side, term by term."""
    left = LICENCE_SPEC["left"].check("left", left)
    right = LICENCE_SPEC["right"].check("right", right)
    return LicencePair(LICENCES[left], LICENCES[right])
