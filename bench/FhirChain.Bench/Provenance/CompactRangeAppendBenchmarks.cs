using BenchmarkDotNet.Attributes;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Bench.Provenance;

/// <summary>Leaf appends per second into a <see cref="CompactRange"/> (target: at least 200,000/s).</summary>
[MemoryDiagnoser]
public class CompactRangeAppendBenchmarks
{
    private const int Leaves = 100_000;
    private byte[][] _leafHashes = [];

    [GlobalSetup]
    public void Setup() =>
        _leafHashes = Enumerable.Range(0, Leaves).Select(i => TreeHasher.HashLeaf(BitConverter.GetBytes(i))).ToArray();

    [Benchmark(OperationsPerInvoke = Leaves, Description = "CompactRange.Append (per leaf)")]
    public byte[] Append_one_leaf()
    {
        var range = CompactRange.Empty();
        foreach (var hash in _leafHashes)
        {
            range.Append(hash, null);
        }

        return range.RootHash();
    }

    [Benchmark(OperationsPerInvoke = Leaves, Description = "CompactRange.Append with a storing visitor (per leaf)")]
    public long Append_one_leaf_reporting_nodes()
    {
        var range = CompactRange.Empty();
        long stored = 0;
        foreach (var hash in _leafHashes)
        {
            range.Append(hash, (_, _) => stored++);
        }

        return stored;
    }
}
