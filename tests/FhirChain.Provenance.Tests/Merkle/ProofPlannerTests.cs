using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

public sealed class ProofPlannerTests
{
    [Theory]
    [InlineData(5, 5)]
    [InlineData(-1, 5)]
    [InlineData(0, 0)]
    public void Inclusion_of_an_index_outside_the_tree_is_refused(long index, long size)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Inclusion(index, size))
            .Message.ShouldContain($"Leaf index {index} is not in a tree of {size} leaves");
    }

    [Fact]
    public void Consistency_to_a_smaller_tree_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Consistency(5, 4))
            .Message.ShouldContain("smaller than the old tree size");
    }

    [Fact]
    public void Consistency_from_the_empty_tree_is_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ProofPlanner.Consistency(0, 4))
            .Message.ShouldContain("non-empty");
    }

    [Fact]
    public void Consistency_between_equal_sizes_is_empty()
    {
        ProofPlanner.Consistency(7, 7).Ids.ShouldBeEmpty();
    }

    [Fact]
    public void Inclusion_plan_splits_the_imperfect_right_subtree_into_perfect_nodes()
    {
        // Leaf 0 of 7: siblings are leaf 1, node (1,1) and the imperfect subtree of leaves 4..6,
        // which is the perfect nodes (1,2) and (0,6).
        var plan = ProofPlanner.Inclusion(0, 7);

        plan.Ids.ShouldBe([new NodeId(0, 1), new NodeId(1, 1), new NodeId(1, 2), new NodeId(0, 6)]);
        plan.ProofLength.ShouldBe(3);
    }

    [Fact]
    public void Proof_nodes_grow_logarithmically_with_the_tree()
    {
        ProofPlanner.Inclusion(0, (1L << 40) - 1).Ids.Count.ShouldBeLessThanOrEqualTo(80);
        ProofPlanner.Consistency((1L << 39) + 12345, (1L << 40) - 1).Ids.Count.ShouldBeLessThanOrEqualTo(120);
    }

    [Fact]
    public void Rehash_with_the_wrong_number_of_hashes_is_refused()
    {
        Should.Throw<ArgumentException>(() => ProofPlanner.Inclusion(0, 7).Rehash([new byte[32]]));
    }

    [Fact]
    public void Append_with_a_stale_expected_size_fails_with_a_typed_conflict()
    {
        var tree = new InMemoryMerkleTree();
        tree.Append(new byte[32], 0);

        var conflict = Should.Throw<LogSizeConflictException>(() => tree.Append(new byte[32], 0));

        conflict.ExpectedSize.ShouldBe(0);
        conflict.ActualSize.ShouldBe(1);
        tree.Size.ShouldBe(1);
    }

    [Fact]
    public void Verifier_reports_expected_and_calculated_roots()
    {
        var tree = TreeFixture.Tree;
        var wrongRoot = new byte[32];

        var result = ProofVerifier.VerifyInclusion(TreeFixture.LeafHashes[3], 3, 10, tree.InclusionProof(3, 10), wrongRoot);

        var mismatch = result.ShouldBeOfType<RootMismatch>();
        mismatch.Expected.ShouldBe(wrongRoot);
        mismatch.Calculated.ShouldBe(tree.RootHash(10));
        mismatch.Reason.ShouldStartWith("root mismatch: expected 0000");
    }

    [Fact]
    public void Verifier_reports_a_wrong_proof_size()
    {
        var result = ProofVerifier.VerifyInclusion(TreeFixture.LeafHashes[3], 3, 10, [], TreeFixture.Tree.RootHash(10));

        result.ShouldBe(new WrongProofSize(4, 0));
    }
}
