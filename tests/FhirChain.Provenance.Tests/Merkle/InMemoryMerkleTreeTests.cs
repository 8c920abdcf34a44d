using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

public sealed class InMemoryMerkleTreeTests
{
    [Fact]
    public void Tree_spanning_several_storage_chunks_gives_the_compact_range_root_and_valid_proofs()
    {
        const int size = 140_000; // more than two 65,536-node chunks at level 0
        var tree = new InMemoryMerkleTree();
        var range = CompactRange.Empty();
        var leaves = new byte[size][];
        for (var i = 0; i < size; i++)
        {
            leaves[i] = TreeHasher.HashLeaf(BitConverter.GetBytes(i));
            tree.Append(leaves[i]);
            range.Append(leaves[i], null);
        }

        tree.RootHash().ShouldBe(range.RootHash());
        foreach (var index in (long[])[0, 65_535, 65_536, 131_071, 131_072, size - 1])
        {
            ProofVerifier.VerifyInclusion(leaves[index], index, size, tree.InclusionProof(index, size), tree.RootHash()).IsValid.ShouldBeTrue();
        }

        ProofVerifier.VerifyConsistency(70_001, size, tree.ConsistencyProof(70_001, size), tree.RootHash(70_001), tree.RootHash())
            .IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Node_that_is_not_complete_yet_cannot_be_read()
    {
        var tree = new InMemoryMerkleTree();
        tree.Append(new byte[32]);

        Should.Throw<ArgumentOutOfRangeException>(() => tree.GetNode(new NodeId(1, 0)));
        Should.Throw<ArgumentOutOfRangeException>(() => tree.InclusionProof(0, 2));
    }
}
