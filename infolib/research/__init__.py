"""The research stage: from crawled pages to a sourced profile and summary."""
