"""What tests read of a page's HTML."""

import json


def structured_data(text):
    """The schema.org data a page gives search engines (its JSON-LD)."""
    return json.loads(text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
