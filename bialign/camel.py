"""Optional CAMeL Tools services: Arabic orthographic normalisation and transliteration.

Needs the ``camel`` extra (``pip install "bialign[camel]"``), which pulls in PyTorch; nothing
else in bialign does. Only ``camel_tools.utils`` is used: it works offline, while CAMeL's
data-backed modules would want downloaded models. Both services are opt-in, so what is
installed never changes a result by itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .chars import fold_presentation_forms
from .config import SCHEMES, Scheme
from .errors import CamelUnavailableError

__all__ = ["normalize_orthography", "transliterate"]


@functools.cache
def _normalizer() -> Callable[[str], str]:
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import (
            normalize_alef_ar,
            normalize_alef_maksura_ar,
            normalize_teh_marbuta_ar,
            normalize_unicode,
        )
    except ImportError as error:
        raise CamelUnavailableError() from error

    def normalize(text: str) -> str:
        text = dediac_ar(normalize_unicode(text))
        normal: str = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(text)))
        return normal

    return normalize


@functools.cache
def _mapper(scheme: Scheme) -> Callable[[str], str]:
    try:
        from camel_tools.utils.charmap import CharMapper
    except ImportError as error:
        raise CamelUnavailableError() from error
    mapper: Callable[[str], str] = CharMapper.builtin_mapper(f"ar2{scheme}")
    return mapper


def normalize_orthography(text: str) -> str:
    """CAMeL's orthographic normalisation: Unicode, diacritics, alef, alef maqsura, teh marbuta."""
    return _normalizer()(text)


def transliterate(text: str, scheme: Scheme = "bw") -> str:
    """The Arabic text in Latin letters, for reviewers who do not read Arabic script."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown transliteration scheme {scheme!r}; choose from {SCHEMES}")
    return _mapper(scheme)(fold_presentation_forms(text))
