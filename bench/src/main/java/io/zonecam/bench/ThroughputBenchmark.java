package io.zonecam.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ThroughputBenchmark holds the JMH settings of the benchmarks that count operations per second: state per thread,
 * one fork, two warm-up iterations of 2 s and three measured of 3 s. A subclass states only the settings it changes:
 * these annotations are inherited, and JMH takes the one nearest the benchmark method (JMH sample 24, "Inheritance").
 * The superclass must be compiled with its subclasses, as it is here: JMH's generator sees the hierarchy only then.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public abstract class ThroughputBenchmark {}
