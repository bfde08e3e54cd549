"""Passwords: reset by e-mail, changed by their owner; either revokes the account's API token."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from rest_framework.authtoken.models import Token

from tests.conftest import text_of

OLD, NEW = "an-old-password-77", "a-brand-new-password-88"


@pytest.fixture
def officer(db):
    return User.objects.create_user("officer-sam", email="sam@council.example", password=OLD)


def test_a_forgotten_password_is_reset_by_e_mail_and_the_api_token_stops_working(client, pages, officer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://plans.council.example"
    token = Token.objects.create(user=officer)
    assert "Forgotten your password?" in text_of(pages.get("/sign-in/").content.decode())
    pages.get("/sign-in/forgotten-password/")

    sent = client.post("/sign-in/forgotten-password/", {"email": "sam@council.example"}, follow=True)

    assert "Check your e-mail" in text_of(sent.content.decode())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@council.example"]
    assert mail.outbox[0].subject == "Reset your CivicPlan password"
    link = re.search(r"https://plans\.council\.example(/sign-in/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    pages.check_html(link, form.content.decode())
    assert "Choose a new password" in text_of(form.content.decode())
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Your password has been reset" in text_of(done.content.decode())

    assert not Token.objects.filter(key=token.key).exists()
    assert client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401
    assert client.post("/sign-in/", {"username": "officer-sam", "password": NEW}).status_code == 302
    # The link works once.
    again = client.get(link, follow=True)
    assert "This link no longer works" in text_of(again.content.decode())


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = client.post("/sign-in/forgotten-password/", {"email": "nobody@council.example"}, follow=True)
    assert "Check your e-mail" in text_of(sent.content.decode())
    assert mail.outbox == []


def test_every_user_can_change_their_password(client, pages, officer):
    token = Token.objects.create(user=officer)
    client.force_login(officer)
    page = pages.get("/account/password/")
    assert "Change your password" in text_of(page.content.decode())

    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert wrong.status_code == 200
    pages.check_html("/account/password/", wrong.content.decode())
    assert "Your old password was entered incorrectly" in text_of(wrong.content.decode())

    done = client.post("/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Your password has been changed" in text_of(done.content.decode())
    assert done.context["user"].is_authenticated  # this session stays signed in
    assert not Token.objects.filter(key=token.key).exists()
    assert User.objects.get(pk=officer.pk).check_password(NEW)


def test_the_navigation_links_to_change_password(client, officer):
    client.force_login(officer)
    assert 'href="/account/password/"' in client.get("/").content.decode()


def test_changing_a_password_elsewhere_revokes_the_token_too(officer):
    token = Token.objects.create(user=officer)
    officer.first_name = "Sam"
    officer.save()
    assert Token.objects.filter(key=token.key).exists()  # other changes leave it alone
    officer.set_password(NEW)
    officer.save()
    assert not Token.objects.filter(key=token.key).exists()


def test_a_single_sign_on_account_is_told_where_to_change_its_password(client, db):
    user = User.objects.create_user("sso-person")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    words = text_of(client.get("/account/password/").content.decode())
    assert "no CivicPlan password to change" in words
