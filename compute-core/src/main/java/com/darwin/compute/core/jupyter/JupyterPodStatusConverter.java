package com.darwin.compute.core.jupyter;

import com.darwin.compute.model.jupyter.JupyterPodStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The status column holds the wire names ({@code creating}, {@code ready}, ...). */
@Converter
class JupyterPodStatusConverter implements AttributeConverter<JupyterPodStatus, String> {

  @Override
  public String convertToDatabaseColumn(JupyterPodStatus status) {
    return status == null ? null : status.wireName();
  }

  @Override
  public JupyterPodStatus convertToEntityAttribute(String value) {
    return value == null ? null : JupyterPodStatus.fromWire(value);
  }
}
