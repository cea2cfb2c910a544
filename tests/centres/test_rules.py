from django.contrib.auth.models import AnonymousUser


def test_anyone_may_browse_the_directory():
    assert AnonymousUser().has_perm("centres.browse_directory")
