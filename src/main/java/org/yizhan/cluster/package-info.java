/**
 * Cluster-wide duties: which one instance of several (broker mode, one database) runs the work that
 * must happen once for the whole network, such as alert sweeps and webhook delivery. {@link
 * org.yizhan.cluster.Duties} is what the duties consult; {@link org.yizhan.cluster.DutyLock} holds
 * a PostgreSQL session advisory lock to decide it, and {@link org.yizhan.cluster.Lease} is its
 * state machine, kept apart so the timing rules can be tested without a database. {@link
 * org.yizhan.cluster.InstanceClaim} says that the instance with a broker client id is alive (a lock
 * per id), and {@link org.yizhan.cluster.DeadInstances} lists the ids nobody holds, whose broker
 * sessions the owner adopts.
 */
package org.yizhan.cluster;
