import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBoard } from '../src/board.js';
import { renderBoard } from '../src/render.js';

describe('board', () => {
  test('adds a card to a column', () => {
    const board = createBoard();
    board.dispatch({ type: 'addCard', columnId: 'todo', title: 'Write tests' });
    const { columns, cards } = board.getState();
    assert.deepEqual(columns[0].cardIds, ['c1']);
    assert.deepEqual(cards.c1, { id: 'c1', title: 'Write tests' });
  });

  test('undoes the last change', () => {
    const board = createBoard();
    board.dispatch({ type: 'addCard', columnId: 'todo', title: 'Write tests' });
    board.undo();
    assert.deepEqual(board.getState().columns[0].cardIds, []);
  });

  test('renders a column with its count', () => {
    const board = createBoard();
    board.dispatch({ type: 'addCard', columnId: 'doing', title: 'Review' });
    assert.match(renderBoard(board.getState()), /<h2>Doing <span class="count">1<\/span><\/h2>/);
  });
});
