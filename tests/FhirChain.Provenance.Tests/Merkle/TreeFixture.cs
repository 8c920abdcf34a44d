using System.Text;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

/// <summary>One shared tree of distinct leaves, with its leaf hashes for the naive RFC functions.</summary>
internal static class TreeFixture
{
    public const int MaxSize = 3000;

    public static IReadOnlyList<byte[]> LeafHashes { get; } =
        Enumerable.Range(0, MaxSize).Select(i => TreeHasher.HashLeaf(Encoding.UTF8.GetBytes($"leaf {i}"))).ToArray();

    public static InMemoryMerkleTree Tree { get; } = Build();

    private static InMemoryMerkleTree Build()
    {
        var tree = new InMemoryMerkleTree();
        foreach (var hash in LeafHashes)
        {
            tree.Append(hash);
        }

        return tree;
    }
}
