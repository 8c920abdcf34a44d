using BenchmarkDotNet.Attributes;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Bench.Provenance;

/// <summary>Inclusion and consistency proof generation from stored perfect nodes (target: under 1 ms).</summary>
[MemoryDiagnoser]
public class ProofGenerationBenchmarks
{
    private InMemoryMerkleTree _tree = new();
    private long _index;
    private long _oldSize;

    [Params(1_000_000, 10_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tree = new InMemoryMerkleTree();
        var leaf = new byte[8];
        for (var i = 0; i < Size; i++)
        {
            BitConverter.TryWriteBytes(leaf, i);
            _tree.Append(TreeHasher.HashLeaf(leaf));
        }

        _index = Size / 3;
        _oldSize = Size / 2 + 12_345;
    }

    [Benchmark(Description = "InclusionProof(size/3, size)")]
    public IReadOnlyList<byte[]> Inclusion_proof() => _tree.InclusionProof(_index, Size);

    [Benchmark(Description = "ConsistencyProof(size/2+12345, size)")]
    public IReadOnlyList<byte[]> Consistency_proof() => _tree.ConsistencyProof(_oldSize, Size);

    [Benchmark(Description = "ProofPlanner.Inclusion (plan only)")]
    public ProofPlan Inclusion_plan() => ProofPlanner.Inclusion(_index, Size);
}
