"""The only place that composes the stages: fetch → normalize → store → diff/detect → notify."""

from watcher.pipeline.core import CheckResult, DeliveryReport, Pipeline, utcnow

__all__ = ["CheckResult", "DeliveryReport", "Pipeline", "utcnow"]
