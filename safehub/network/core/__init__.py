"""The association graph and its analysis, pure Python over frames (pandas, igraph):
no Django, so that it can run on a bigger engine later."""
