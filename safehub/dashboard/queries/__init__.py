"""The dashboard's reads: each figure's things (flags, reports, casework), the
filters and what a viewer may see of them (scope), the figures and the lists behind them."""
