import pytest
from django.contrib.auth.models import AnonymousUser

from mandate.core.exceptions import NotFoundError
from mandate.notifications import selectors, services
from mandate.notifications.tests.helpers import notice


def test_each_user_lists_only_his_own_notices_newest_first(cast):
    first = notice(cast.dung, "Một")
    second = notice(cast.dung, "Hai")
    notice(cast.oanh, "Của Oanh")

    assert list(selectors.notification_list_for(actor=cast.dung)) == [second, first]
    assert [n.title for n in selectors.notification_list_for(actor=cast.oanh)] == ["Của Oanh"]
    assert list(selectors.notification_list_for(actor=cast.ad)) == []  # superusers included
    assert list(selectors.notification_list_for(actor=AnonymousUser())) == []


def test_unread_only_and_the_unread_count_leave_out_what_was_read(cast):
    read = notice(cast.dung, "Đã đọc")
    unread = notice(cast.dung, "Chưa đọc")
    notice(cast.oanh)
    services.notification_mark_read(actor=cast.dung, notification=read)

    assert list(selectors.notification_list_for(actor=cast.dung, unread_only=True)) == [unread]
    assert selectors.unread_count(actor=cast.dung) == 1
    assert selectors.unread_count(actor=AnonymousUser()) == 0


@pytest.mark.parametrize("who", ["oanh", "ad", "olga"])
def test_someone_elses_notice_does_not_exist_for_anyone_else(cast, who):
    mine = notice(cast.dung)

    assert selectors.notification_get_for(actor=cast.dung, notification_id=mine.pk) == mine
    with pytest.raises(NotFoundError):
        selectors.notification_get_for(actor=getattr(cast, who), notification_id=mine.pk)
