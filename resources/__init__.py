"""The product's data files (package data: fonts, translations, sample shop, Asterisk kit).

Read them through :mod:`callshop_pos.resources`.
"""
