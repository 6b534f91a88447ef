"""Training and data preparation: code that builds the files in ``resources/`` from data sets.

Nothing at run time imports this package, and the desktop bundle leaves it out. Each module is run
by hand (``python -m reader.training.entities …``) and reproduces its shipped file byte for byte.
"""
