"""AppTest's entry: runs app.py from a folder with no pages/ beside it.

AppTest re-creates Streamlit's pages manager on every run, which puts an app with a pages/
folder beside its main script back into legacy multipage mode each time; running app.py from
here keeps every run on the st.navigation path that a real server takes.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "app.py"), run_name="__main__")
