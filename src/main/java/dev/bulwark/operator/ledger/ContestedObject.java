package dev.bulwark.operator.ledger;

import dev.bulwark.operator.writes.ObjectRef;
import dev.bulwark.text.BoundedText;

/**
 * An owned object another writer keeps changing back, which Bulwark repairs with backoff.
 *
 * @param object the object
 * @param fieldManager the field manager, other than Bulwark's, that wrote it last ("unknown" when
 *     it cannot be read); any client names its own, so it is cut to {@link BoundedText#VALUE} bytes
 */
public record ContestedObject(ObjectRef object, String fieldManager) {

  public ContestedObject {
    fieldManager = BoundedText.value(fieldManager);
  }

  /** As status names it: {@code Kind namespace/name (field manager M)}. */
  @Override
  public String toString() {
    return object + " (field manager " + fieldManager + ")";
  }
}
