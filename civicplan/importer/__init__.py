"""The document importer: a Word file, PDF or text becomes a draft plan for review.

Pipeline: parsers/ read a file into lines with layout cues -> cleanup.py joins and cleans
them into blocks -> structure/ builds the tree, infers kinds, dates, links and the front
matter -> planfile.py writes plan JSON v1. pipeline.py runs it; evaluate.py scores it.
"""
