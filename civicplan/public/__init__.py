"""The public transparency site: published plans and their latest approved status, no sign-in.

It shows what the published papers printed and what plan managers approved, and nothing
else: no drafts, no updates awaiting approval, no internal commentary, and no one's contact
details beyond those the paper printed.
"""
