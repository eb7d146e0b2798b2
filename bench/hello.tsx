// The smallest Ink app: the yardstick for tcp-tui's time to first frame.
import React from 'react';
import {render, Text} from 'ink';

const app = render(<Text>hello</Text>);
setTimeout(() => app.unmount(), 200);
