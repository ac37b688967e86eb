package org.yizhan.api.ogc;

import java.util.List;
import java.util.Optional;

/**
 * Collections that come and go (stored planning sets and scenarios), read afresh on each request.
 * Every collection a source holds needs the source's access; the routes check it before asking the
 * source anything, so a caller without it learns nothing of what exists. Both reads block (run them
 * on the worker pool).
 */
public interface OgcSource {

  /** The access every collection of this source needs. */
  OgcCollection.Access access();

  /** Whether an id has this source's form, so that only this source could hold it (no I/O). */
  boolean claims(String collectionId);

  /** Every collection it holds now, in listing order. */
  List<OgcCollection> list() throws Exception;

  /** The collection with this id, when it exists now. */
  Optional<OgcCollection> find(String collectionId) throws Exception;
}
