import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard, EMPTY_BOARD } from '../../src/board.js';
import { renderBoard } from '../../src/render.js';

const add = (board, columnId, title) => board.dispatch({ type: 'addCard', columnId, title });
const ids = (board) => Object.fromEntries(board.getState().columns.map((c) => [c.id, c.cardIds]));

function boardWith(...spec) {
  const board = createBoard();
  for (const [columnId, title] of spec) add(board, columnId, title);
  return board;
}

describe('kanban (hidden)', () => {
  describe('actions', () => {
    test('adds cards with sequential ids and trimmed titles', () => {
      const board = boardWith(['todo', '  A  '], ['done', 'B']);
      assert.deepEqual(ids(board), { todo: ['c1'], doing: [], done: ['c2'] });
      assert.equal(board.getState().cards.c1.title, 'A');
    });
    test('refuses blank titles and unknown columns', () => {
      const board = createBoard();
      assert.throws(() => add(board, 'todo', '   '), RangeError);
      assert.throws(() => add(board, 'nope', 'A'), RangeError);
      assert.deepEqual(board.getState(), EMPTY_BOARD);
    });
    test('moves a card across columns at an index, clamped', () => {
      const board = boardWith(['todo', 'A'], ['doing', 'B'], ['doing', 'C']);
      board.dispatch({ type: 'moveCard', cardId: 'c1', toColumnId: 'doing', index: 1 });
      assert.deepEqual(ids(board), { todo: [], doing: ['c2', 'c1', 'c3'], done: [] });
      board.dispatch({ type: 'moveCard', cardId: 'c2', toColumnId: 'done', index: 99 });
      board.dispatch({ type: 'moveCard', cardId: 'c3', toColumnId: 'done', index: -5 });
      assert.deepEqual(ids(board), { todo: [], doing: ['c1'], done: ['c3', 'c2'] });
    });
    test('reorders a card within its column', () => {
      const board = boardWith(['todo', 'A'], ['todo', 'B'], ['todo', 'C']);
      board.dispatch({ type: 'moveCard', cardId: 'c1', toColumnId: 'todo', index: 2 });
      assert.deepEqual(ids(board).todo, ['c2', 'c3', 'c1']);
    });
    test('renames and deletes cards', () => {
      const board = boardWith(['todo', 'A'], ['todo', 'B']);
      board.dispatch({ type: 'renameCard', cardId: 'c2', title: 'Bee' });
      board.dispatch({ type: 'deleteCard', cardId: 'c1' });
      assert.deepEqual(board.getState().cards, { c2: { id: 'c2', title: 'Bee' } });
      assert.deepEqual(ids(board).todo, ['c2']);
      assert.throws(() => board.dispatch({ type: 'deleteCard', cardId: 'c1' }), RangeError);
    });
    test('rejects unknown actions', () => {
      assert.throws(() => createBoard().dispatch({ type: 'archiveEverything' }), TypeError);
      assert.throws(() => createBoard().dispatch({ type: 'toString' }), TypeError);
    });
  });

  describe('immutability', () => {
    test('never changes a previous state or the initial board', () => {
      const before = JSON.stringify(EMPTY_BOARD);
      const board = createBoard();
      const first = board.getState();
      add(board, 'todo', 'A');
      const second = board.getState();
      const secondJson = JSON.stringify(second);
      board.dispatch({ type: 'moveCard', cardId: 'c1', toColumnId: 'done' });
      board.dispatch({ type: 'renameCard', cardId: 'c1', title: 'A2' });
      assert.notEqual(second, board.getState());
      assert.equal(JSON.stringify(second), secondJson);
      assert.equal(JSON.stringify(first), before);
      assert.equal(JSON.stringify(EMPTY_BOARD), before);
    });
    test('keeps untouched columns by identity', () => {
      const board = boardWith(['todo', 'A'], ['done', 'B']);
      const before = board.getState();
      board.dispatch({ type: 'moveCard', cardId: 'c1', toColumnId: 'doing' });
      const after = board.getState();
      assert.equal(after.columns[2], before.columns[2]);
      assert.notEqual(after.columns[0], before.columns[0]);
    });
  });

  describe('history', () => {
    test('undo and redo walk the history', () => {
      const board = boardWith(['todo', 'A'], ['todo', 'B']);
      board.undo();
      board.undo();
      assert.equal(board.canUndo(), false);
      assert.deepEqual(ids(board).todo, []);
      board.redo();
      assert.deepEqual(ids(board).todo, ['c1']);
      assert.equal(board.canRedo(), true);
      board.undo();
      board.undo(); // nothing left: no error
      assert.deepEqual(ids(board).todo, []);
    });
    test('a new change after undo drops the redo stack', () => {
      const board = boardWith(['todo', 'A'], ['todo', 'B']);
      board.undo();
      add(board, 'done', 'C');
      assert.equal(board.canRedo(), false);
      board.redo();
      assert.deepEqual(ids(board), { todo: ['c1'], doing: [], done: ['c3'] });
    });
    test('changes that change nothing are not recorded', () => {
      const board = boardWith(['todo', 'A']);
      const before = board.getState();
      board.dispatch({ type: 'renameCard', cardId: 'c1', title: ' A ' });
      board.dispatch({ type: 'moveCard', cardId: 'c1', toColumnId: 'todo', index: 0 });
      assert.equal(board.getState(), before);
      board.undo();
      assert.deepEqual(ids(board).todo, []);
    });
    test('keeps the last 50 changes', () => {
      const board = createBoard();
      for (let i = 0; i < 60; i++) add(board, 'todo', `card ${i}`);
      let undos = 0;
      while (board.canUndo()) {
        board.undo();
        undos += 1;
      }
      assert.equal(undos, 50);
      assert.equal(ids(board).todo.length, 10);
    });
  });

  describe('subscriptions', () => {
    test('notifies once per change, including undo and redo', () => {
      const board = createBoard();
      const seen = [];
      const stop = board.subscribe((state) => seen.push(state.columns[0].cardIds.length));
      add(board, 'todo', 'A');
      board.dispatch({ type: 'renameCard', cardId: 'c1', title: 'A' }); // no change, no call
      board.undo();
      board.redo();
      stop();
      add(board, 'todo', 'B');
      assert.deepEqual(seen, [1, 0, 1]);
    });
    test('a listener may unsubscribe while being notified', () => {
      const board = createBoard();
      const calls = [];
      const stopFirst = board.subscribe(() => {
        calls.push('first');
        stopFirst();
      });
      board.subscribe(() => calls.push('second'));
      add(board, 'todo', 'A');
      add(board, 'todo', 'B');
      assert.deepEqual(calls, ['first', 'second', 'second']);
    });
  });

  describe('rendering', () => {
    test('escapes card titles', () => {
      const board = boardWith(['todo', '<img src=x onerror="alert(1)"> & \'co\'']);
      const html = renderBoard(board.getState());
      assert.ok(!html.includes('<img'), html);
      assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; &amp; &#39;co&#39;/);
    });
    test('renders every column in order with counts', () => {
      const board = boardWith(['done', 'A'], ['done', 'B']);
      assert.equal(
        renderBoard(board.getState()),
        '<section class="column" data-column-id="todo"><h2>To do <span class="count">0</span></h2><ul></ul></section>' +
          '<section class="column" data-column-id="doing"><h2>Doing <span class="count">0</span></h2><ul></ul></section>' +
          '<section class="column" data-column-id="done"><h2>Done <span class="count">2</span></h2><ul>' +
          '<li class="card" data-card-id="c1">A</li><li class="card" data-card-id="c2">B</li></ul></section>',
      );
    });
  });
});
