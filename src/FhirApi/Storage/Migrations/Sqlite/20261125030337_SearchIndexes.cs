using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FhirChain.FhirApi.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "qualifier_code",
                table: "search_token",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "qualifier_system",
                table: "search_token",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "canonical_code",
                table: "search_quantity",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "canonical_value",
                table: "search_quantity",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "qualifier_code",
                table: "search_quantity",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "qualifier_system",
                table: "search_quantity",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_search_token_param_resource",
                table: "search_token",
                columns: new[] { "resource_type", "param", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "canonical_code", "canonical_value" });

            migrationBuilder.CreateIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity",
                columns: new[] { "resource_type", "param", "qualifier_code", "value" });

            migrationBuilder.CreateIndex(
                name: "ix_search_date_end",
                table: "search_date",
                columns: new[] { "resource_type", "param", "end_ms" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_token_param_resource",
                table: "search_token");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_canonical",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_quantity_composite",
                table: "search_quantity");

            migrationBuilder.DropIndex(
                name: "ix_search_date_end",
                table: "search_date");

            migrationBuilder.DropColumn(
                name: "qualifier_code",
                table: "search_token");

            migrationBuilder.DropColumn(
                name: "qualifier_system",
                table: "search_token");

            migrationBuilder.DropColumn(
                name: "canonical_code",
                table: "search_quantity");

            migrationBuilder.DropColumn(
                name: "canonical_value",
                table: "search_quantity");

            migrationBuilder.DropColumn(
                name: "qualifier_code",
                table: "search_quantity");

            migrationBuilder.DropColumn(
                name: "qualifier_system",
                table: "search_quantity");
        }
    }
}
