using FhirChain.Provenance.Merkle;
using FsCheck;
using FsCheck.Xunit;

namespace FhirChain.Provenance.Tests.Merkle;

/// <summary>Property tests against the naive RFC 9162 definitions (<see cref="NaiveMerkle"/>).</summary>
public sealed class MerkleProperties
{
    private static IReadOnlyList<byte[]> Leaves => TreeFixture.LeafHashes;

    private static InMemoryMerkleTree Tree => TreeFixture.Tree;

    [Property(MaxTest = 40)]
    public bool Compact_range_root_equals_the_RFC_tree_head(NonNegativeInt seed)
    {
        var size = seed.Get % (TreeFixture.MaxSize + 1);
        var range = CompactRange.Empty();
        for (var i = 0; i < size; i++)
        {
            range.Append(Leaves[i], null);
        }

        return range.RootHash().SequenceEqual(NaiveMerkle.Mth(Leaves, 0, size))
            && Tree.RootHash(size).SequenceEqual(NaiveMerkle.Mth(Leaves, 0, size));
    }

    [Property(MaxTest = 100)]
    public bool Compact_range_restored_from_its_frontier_continues_identically(NonNegativeInt a, NonNegativeInt b)
    {
        var size = a.Get % 500;
        var more = b.Get % 100;
        var ids = CompactRange.FrontierIds(size);
        var restored = CompactRange.FromFrontier(size, ids.Select(Tree.GetNode).ToList());
        for (var i = size; i < size + more; i++)
        {
            restored.Append(Leaves[i], null);
        }

        return restored.RootHash().SequenceEqual(NaiveMerkle.Mth(Leaves, 0, size + more));
    }

    [Property(MaxTest = 200)]
    public bool Planned_inclusion_proof_equals_the_RFC_path_and_verifies(PositiveInt s, NonNegativeInt i)
    {
        var size = (s.Get % TreeFixture.MaxSize) + 1;
        var index = i.Get % size;

        var proof = Tree.InclusionProof(index, size);

        return Same(proof, NaiveMerkle.Path(Leaves, index, 0, size))
            && ProofVerifier.VerifyInclusion(Leaves[index], index, size, proof, Tree.RootHash(size)).IsValid;
    }

    [Property(MaxTest = 200)]
    public bool Planned_consistency_proof_equals_the_RFC_proof_and_verifies(PositiveInt s, PositiveInt m)
    {
        var size2 = (s.Get % TreeFixture.MaxSize) + 1;
        var size1 = ((m.Get - 1) % size2) + 1;

        var proof = Tree.ConsistencyProof(size1, size2);

        return Same(proof, NaiveMerkle.Proof(Leaves, size1, size2))
            && ProofVerifier.VerifyConsistency(size1, size2, proof, Tree.RootHash(size1), Tree.RootHash(size2)).IsValid;
    }

    [Property(MaxTest = 200)]
    public bool Tampering_any_inclusion_proof_hash_fails_with_a_root_mismatch(PositiveInt s, NonNegativeInt i, NonNegativeInt which, byte bit)
    {
        var size = (s.Get % TreeFixture.MaxSize) + 2;
        var index = i.Get % size;
        var proof = Tree.InclusionProof(index, size).Select(h => (byte[])h.Clone()).ToList();
        var tampered = proof[which.Get % proof.Count];
        tampered[bit % 32] ^= (byte)(1 << (bit % 8));

        return ProofVerifier.VerifyInclusion(Leaves[index], index, size, proof, Tree.RootHash(size)) is RootMismatch;
    }

    [Property(MaxTest = 200)]
    public bool Tampering_the_leaf_index_fails(PositiveInt s, NonNegativeInt i, PositiveInt delta)
    {
        var size = (s.Get % TreeFixture.MaxSize) + 2;
        var index = i.Get % size;
        var proof = Tree.InclusionProof(index, size);
        var otherIndex = (index + delta.Get) % (size + 1);
        if (otherIndex == index)
        {
            otherIndex = size;
        }

        return !ProofVerifier.VerifyInclusion(Leaves[index], otherIndex, size, proof, Tree.RootHash(size)).IsValid;
    }

    // The proof alone does not bind the tree size (leaf 0 of 3 and of 4 have proofs of the same
    // shape); the signed checkpoint binds it. What must hold: a proof verifies at another size
    // exactly when it is that size's RFC proof.
    [Property(MaxTest = 200)]
    public bool Tampered_tree_size_verifies_only_where_the_proof_is_that_sizes_RFC_proof(PositiveInt s, NonNegativeInt i, PositiveInt other)
    {
        var size = (s.Get % TreeFixture.MaxSize) + 1;
        var index = i.Get % size;
        var otherSize = (other.Get % TreeFixture.MaxSize) + 1;
        var proof = Tree.InclusionProof(index, size);

        var valid = ProofVerifier.VerifyInclusion(Leaves[index], index, otherSize, proof, Tree.RootHash(otherSize)).IsValid;

        return otherSize <= index
            ? !valid
            : valid == Same(proof, NaiveMerkle.Path(Leaves, index, 0, otherSize));
    }

    [Property(MaxTest = 200)]
    public bool Tampering_any_consistency_proof_hash_fails(PositiveInt s, PositiveInt m, NonNegativeInt which, byte bit)
    {
        var size2 = (s.Get % TreeFixture.MaxSize) + 2;
        var size1 = ((m.Get - 1) % (size2 - 1)) + 1;
        var proof = Tree.ConsistencyProof(size1, size2).Select(h => (byte[])h.Clone()).ToList();
        var tampered = proof[which.Get % proof.Count];
        tampered[bit % 32] ^= (byte)(1 << (bit % 8));

        return ProofVerifier.VerifyConsistency(size1, size2, proof, Tree.RootHash(size1), Tree.RootHash(size2)) is RootMismatch;
    }

    [Property(MaxTest = 200)]
    public bool Tampered_consistency_sizes_verify_only_where_the_proof_is_those_sizes_RFC_proof(
        PositiveInt s, PositiveInt m, PositiveInt t, PositiveInt n)
    {
        var size2 = (s.Get % TreeFixture.MaxSize) + 1;
        var size1 = ((m.Get - 1) % size2) + 1;
        var other2 = (t.Get % TreeFixture.MaxSize) + 1;
        var other1 = ((n.Get - 1) % other2) + 1;
        var proof = Tree.ConsistencyProof(size1, size2);

        var valid = ProofVerifier.VerifyConsistency(other1, other2, proof, Tree.RootHash(other1), Tree.RootHash(other2)).IsValid;

        return valid == Same(proof, NaiveMerkle.Proof(Leaves, other1, other2));
    }

    private static bool Same(IReadOnlyList<byte[]> a, IReadOnlyList<byte[]> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));
}
