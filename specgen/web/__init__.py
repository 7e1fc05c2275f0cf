"""``specgen serve``: the interview as a local web app, over the same questions and engine.

One question per page with its guidance, lists with add/change/remove, a page to check the
answers, the needs estimate, and the Word and PDF downloads. Every answer is saved to the answer
file at once through :mod:`specgen.interview`; downloads are built by :mod:`specgen.pipeline`.
:mod:`.guard` checks every request (Host, access token, size); :mod:`.site` holds what pages
share; :mod:`.questions`, :mod:`.overview` and :mod:`.documents` are the pages.
"""

from specgen.web.app import create_app

__all__ = ["create_app"]
