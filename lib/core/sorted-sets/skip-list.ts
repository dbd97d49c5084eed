import { compareNames } from '../streams/name-order';

/** Redis's ZSKIPLIST_MAXLEVEL: enough levels for 2^64 elements at p = 1/4. */
const MAX_LEVEL = 32;
/** Redis's ZSKIPLIST_P: each level holds about a quarter of the nodes of the level below. */
const P = 0.25;

/** One member in score order. `next[i]` is the following node on level `i`. */
export interface SkipNode {
  readonly member: string;
  readonly score: number;
  readonly next: (SkipNode | undefined)[];
}

/**
 * Members ordered by score, then by member bytes — the order of a Redis sorted set (t_zset.c's
 * zskiplist, without the rank spans: nothing in the port asks for ranks). Insert, remove and
 * finding the first member at or above a score are O(log n) expected; walking on from a node is
 * O(1) per member.
 */
export class ScoreSkipList {
  private readonly head: SkipNode = {
    member: '',
    score: -Infinity,
    next: new Array<SkipNode | undefined>(MAX_LEVEL).fill(undefined),
  };
  private levels = 1;
  private size = 0;

  /** Number of members. */
  get length(): number {
    return this.size;
  }

  /** Adds `member` with `score`; the caller guarantees it is not in the list yet. */
  insert(member: string, score: number): void {
    const update = this.predecessors(member, score);
    const height = randomHeight();
    for (let level = this.levels; level < height; level++) update[level] = this.head;
    this.levels = Math.max(this.levels, height);
    const node: SkipNode = { member, score, next: [] };
    for (let level = 0; level < height; level++) {
      node.next.push(update[level].next[level]);
      update[level].next[level] = node;
    }
    this.size++;
  }

  /** Removes `member`, stored with `score`; false when it is not there. */
  remove(member: string, score: number): boolean {
    const update = this.predecessors(member, score);
    const node = update[0].next[0];
    if (!node || node.score !== score || node.member !== member) return false;
    for (let level = 0; level < this.levels; level++) {
      if (update[level].next[level] !== node) break;
      update[level].next[level] = node.next[level];
    }
    while (this.levels > 1 && this.head.next[this.levels - 1] === undefined) this.levels--;
    this.size--;
    return true;
  }

  /** The first node whose score is at least `min` (inclusive); undefined when there is none. */
  firstAtLeast(min: number): SkipNode | undefined {
    let node = this.head;
    for (let level = this.levels - 1; level >= 0; level--) {
      for (let next = node.next[level]; next && next.score < min; next = node.next[level]) {
        node = next;
      }
    }
    return node.next[0];
  }

  /** Every member in order (tests and diagnostics). */
  *[Symbol.iterator](): IterableIterator<SkipNode> {
    for (let node = this.head.next[0]; node; node = node.next[0]) yield node;
  }

  /** For each level, the last node that sorts before (`score`, `member`). */
  private predecessors(member: string, score: number): SkipNode[] {
    const update = new Array<SkipNode>(this.levels);
    let node = this.head;
    for (let level = this.levels - 1; level >= 0; level--) {
      for (
        let next = node.next[level];
        next && before(next, score, member);
        next = node.next[level]
      ) {
        node = next;
      }
      update[level] = node;
    }
    return update;
  }
}

/** Whether `node` sorts before (`score`, `member`): by score, ties by member bytes. */
function before(node: SkipNode, score: number, member: string): boolean {
  return node.score < score || (node.score === score && compareNames(node.member, member) < 0);
}

/** Height of a new node: 1, then one more with probability P each time, as zslRandomLevel. */
function randomHeight(): number {
  let height = 1;
  while (height < MAX_LEVEL && Math.random() < P) height++;
  return height;
}
