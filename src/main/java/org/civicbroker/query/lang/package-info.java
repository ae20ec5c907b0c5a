/**
 * Small query-parameter languages of GS CIM 009: entity type selection (clause 4.17), scope queries
 * (clause 4.19), attribute projection ({@code attrs}, {@code pick}/{@code omit}, clause 4.21), entity
 * ordering ({@code orderBy}, V1.9.1 clause 4.23) and the {@code options}/{@code format} parameters
 * (clause 6.3). Each parser yields an immutable AST of records; where the result filters entities there
 * is an in-memory matcher and a MongoDB filter translator that must agree (see the tests).
 *
 * <p>Pure Java: no Quarkus imports. All parse failures are {@link
 * org.civicbroker.common.error.NgsiException}s (400) whose detail names the parameter and the position.
 */
package org.civicbroker.query.lang;
