package io.readerpulse.live;

/**
 * Whether the service's start-up work (the database tasks that run after the web server listens) is done;
 * until it is, no stream is opened (see {@link StreamAdmission}).
 */
public interface StartupProgress {

	/**
	 * Whether start-up is over.
	 * @return {@code true} once every start-up task has finished
	 */
	boolean done();

}
