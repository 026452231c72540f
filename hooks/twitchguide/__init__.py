"""The Muscle Twitch Guide's build logic, laid out along the flow of the data:

- `data/`: read and validate the data files (YAML with line numbers, one loader, the model,
  the checker tree rules, placeholders, patient stories, search terms, the checks over text);
- `pages/`: turn the model and the hand-written pages into what readers see (citations and
  boxes on hand-written pages, the checker, the quiz, the glossary, the clinicians' list,
  figures);
- `site/`: what is checked in, added to or made from the built site (raw-HTML allow-list,
  Content-Security-Policy, print block and QR codes, minified assets, open data, offline zip).

`hooks/guide_hook.py` connects these to MkDocs' events; nothing here imports MkDocs' build
state, so the tests call every function directly.
"""
