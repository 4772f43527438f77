"""What bialign knows of each language it reads, one module a language.

spaCy's ``spacy/lang/<code>/`` pattern, sized for two languages: :mod:`bialign.languages.ar`
and :mod:`bialign.languages.en` hold each language's characters.
"""
