"""Interface text per page: each module holds ``TEXT = {key: (id, en)}``.

One module per page (or page group) so that pages can be added without
editing a shared table; ``ui.i18n`` merges them and a test checks that no key
is defined twice.
"""
