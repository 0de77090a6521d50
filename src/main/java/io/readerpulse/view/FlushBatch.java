package io.readerpulse.view;

import java.util.Map;
import java.util.UUID;

/**
 * One flush's views under an id of their own. The write stores the id as a receipt in the same statement,
 * so a batch written any number of times counts once, provided it is always the same views under the same
 * id.
 *
 * @param id the receipt's id
 * @param deltas the views by article id; nobody changes them once they are in a batch
 */
record FlushBatch(UUID id, Map<Long, ViewDelta> deltas) {

	static FlushBatch of(Map<Long, ViewDelta> deltas) {
		return new FlushBatch(UUID.randomUUID(), deltas);
	}

}
