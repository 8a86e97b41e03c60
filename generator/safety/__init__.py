"""Make submitted files safe to publish on the site's own origin."""
