"""The inspection pages (issue 12, item 8): the list, an inspection's page with the actions the
policy offers as forms, and creating one. They call the API's selectors and services."""
