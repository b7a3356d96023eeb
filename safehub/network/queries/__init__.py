"""The network's reads, each through the access policy and audited: the chart around
people and things (`chart`), the rows it is drawn from (`neighbourhood`), and the
shapes both give the pages, the API and the exports (`shapes`)."""
