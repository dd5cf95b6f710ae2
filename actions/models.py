# Action plans, inspection findings and scrutiny reviews arrive in later issues.
# They may refer to areas and frameworks; neither of those apps imports this one.
