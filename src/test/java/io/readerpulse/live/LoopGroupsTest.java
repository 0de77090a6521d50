package io.readerpulse.live;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopGroupsTest {

	private final LoopGroups groups = new LoopGroups();

	@Test
	void anEventReachesALoopsStreamsInTheOrderTheyOpenedWhateverOrderTheyJoinedIn() {
		TestReader first = new TestReader();
		List<EventStream> opened = new ArrayList<>();
		opened.add(first.stream);
		for (int i = 1; i < 200; i++) {
			opened.add(new TestReader(first).stream);
		}
		// Streams join their story's feed once their replay is out, so not always in the order they opened.
		List<EventStream> joining = new ArrayList<>(opened);
		Collections.shuffle(joining, new Random(7));
		joining.forEach(this.groups::add);

		List<EventStream> reached = new ArrayList<>();
		Deliveries.toAll(this.groups, reached::add, () -> { });
		first.channel.runPendingTasks();

		assertThat(reached).containsExactlyElementsOf(opened);
	}

	@Test
	void countsItsStreamsAsTheyComeAndGo() {
		TestReader first = new TestReader();
		TestReader neighbour = new TestReader(first);
		TestReader elsewhere = new TestReader();
		assertThat(this.groups.isEmpty()).isTrue();

		this.groups.add(first.stream);
		this.groups.add(neighbour.stream);
		this.groups.add(elsewhere.stream);
		this.groups.add(first.stream);
		assertThat(this.groups.size()).as("a stream added twice is there once").isEqualTo(3);

		this.groups.remove(neighbour.stream);
		this.groups.remove(neighbour.stream);
		assertThat(this.groups.size()).as("a stream removed twice is gone once").isEqualTo(2);
		assertThat(this.groups.byLoop().get(first.stream.loop())).containsExactly(first.stream);

		this.groups.remove(first.stream);
		this.groups.remove(elsewhere.stream);
		assertThat(this.groups.isEmpty()).isTrue();
		assertThat(this.groups.size()).isZero();
	}

}
