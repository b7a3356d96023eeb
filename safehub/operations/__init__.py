"""Operations (issue 13): investigations with their team, nominals and what happened to
each — survivors traced and supported at their own pace, suspects pursued."""
