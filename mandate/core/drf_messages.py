"""DRF's own texts that its Vietnamese catalogue leaves in English.

DRF makes these messages in the active language, but its ``vi`` catalogue translates only a few,
so a Vietnamese answer said "A valid integer is required." Listing the msgids here keeps them in
our catalogue (``makemessages`` finds them), which Django reads before DRF's (LOCALE_PATHS).
Nothing imports this module; it exists for the catalogue.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

DRF_MESSAGES = [
    # fields
    _("A valid integer is required."),
    _("A valid number is required."),
    _("Ensure this value is less than or equal to {max_value}."),
    _("Ensure this value is greater than or equal to {min_value}."),
    _("String value too large."),
    _("Must be a valid boolean."),
    _("Not a valid string."),
    _("This field may not be null."),
    _("Ensure this field has no more than {max_length} characters."),
    _("Ensure this field has at least {min_length} characters."),
    _('"{input}" is not a valid choice.'),
    _("Date has wrong format. Use one of these formats instead: {format}."),
    _("Expected a date but got a datetime."),
    _("Datetime has wrong format. Use one of these formats instead: {format}."),
    _("Expected a datetime but got a date."),
    _("Datetime value out of range."),
    _("Ensure that there are no more than {max_digits} digits in total."),
    _("Ensure that there are no more than {max_decimal_places} decimal places."),
    _("Ensure that there are no more than {max_whole_digits} digits before the decimal point."),
    _('Expected a dictionary of items but got type "{input_type}".'),
    _('Expected a list of items but got type "{input_type}".'),
    _("Ensure this field has at least {min_length} elements."),
    _("Ensure this field has no more than {max_length} elements."),
    _("This selection may not be empty."),
    _("This list may not be empty."),
    _("The submitted data was not a file. Check the encoding type on the form."),
    _("No filename could be determined."),
    _("Ensure this filename has at most {max_length} characters (it has {length})."),
    _("Integer value too large to convert to float"),
    _("This value does not match the required pattern."),
    _('Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'),
    _("Invalid data. Expected a dictionary, but got {datatype}."),
    _('Invalid pk "{pk_value}" - object does not exist.'),
    _("Incorrect type. Expected pk value, received {data_type}."),
    _("Must be a valid UUID."),
    # exceptions (the API's handler gives most of them its own words; these remain as fallbacks)
    _("Malformed request."),
    _("Request was throttled."),
    _("Invalid page."),
]
