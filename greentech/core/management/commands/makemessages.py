"""`makemessages` writing the catalogue sorted by message and without source locations.

Line numbers in `#:` comments change with every edit anywhere in the code, so two changes that
add unrelated strings would both rewrite most of the catalogue. Sorted and location-free, a new
string adds one entry where it sorts, and nothing else moves.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--sort-output", "--no-location"]
    msguniq_options = [*makemessages.Command.msguniq_options, "--sort-output", "--no-location"]
    msgattrib_options = [*makemessages.Command.msgattrib_options, "--sort-output", "--no-location"]
    xgettext_options = [*makemessages.Command.xgettext_options, "--sort-output", "--no-location"]
