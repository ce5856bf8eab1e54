"""The input model: what a marketplace tells us about a business."""

from openkyb.applications.model import (
    Address,
    Application,
    Industry,
    MonetaryAmount,
    Officer,
    Owner,
)

__all__ = ["Address", "Application", "Industry", "MonetaryAmount", "Officer", "Owner"]
